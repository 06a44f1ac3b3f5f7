package io.atrion.spring.autoconfigure;

import io.atrion.Atrion;
import io.atrion.guard.RouteGuard;
import io.atrion.servlet.TierCounters;
import io.atrion.spring.AtrionGuarded;
import io.atrion.spring.AtrionProperties;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Runs {@link AtrionGuarded} methods through their route's guard ({@code executeCallable} or
 * {@code executeCompletionStage}, the guard's high-level API), records the call's tier as admitted
 * or shed, and applies the fallback. What each method needs (route, voltage, guard, fallbacks) is
 * resolved on its first call and cached per method and target class.
 */
final class AtrionGuardedInterceptor implements MethodInterceptor {

    private final ObjectProvider<Atrion> atrion;
    private final ObjectProvider<TierCounters> tiers;
    private final ObjectProvider<AtrionProperties> properties;
    private final ConcurrentHashMap<Key, Plan> plans = new ConcurrentHashMap<>();

    AtrionGuardedInterceptor(ObjectProvider<Atrion> atrion, ObjectProvider<TierCounters> tiers,
                             ObjectProvider<AtrionProperties> properties) {
        this.atrion = atrion;
        this.tiers = tiers;
        this.properties = properties;
    }

    private record Key(Method method, Class<?> targetClass) {
    }

    /** Everything a guarded method needs, resolved once. */
    private record Plan(String route, double voltage, boolean async, boolean futureReturn, RouteGuard guard,
                        FallbackMethods fallbacks, TierCounters tiers) {
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Class<?> targetClass = target == null ? invocation.getMethod().getDeclaringClass() : AopUtils.getTargetClass(target);
        Plan plan = plans.get(new Key(invocation.getMethod(), targetClass));
        if (plan == null) {
            Method specific = AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass);
            AtrionGuarded a = AnnotatedElementUtils.findMergedAnnotation(specific, AtrionGuarded.class);
            if (a == null && java.lang.reflect.Modifier.isPublic(specific.getModifiers())
                    && specific.getDeclaringClass() != Object.class) {
                a = AnnotatedElementUtils.findMergedAnnotation(targetClass, AtrionGuarded.class);
            }
            if (a == null) {
                return invocation.proceed(); // on a class-level annotated bean: a method of Object, or not public
            }
            plan = plans.computeIfAbsent(new Key(invocation.getMethod(), targetClass), k -> plan(k, specific));
        }
        return plan.async ? async(plan, invocation) : sync(plan, invocation);
    }

    private Plan plan(Key key, Method specific) {
        AtrionGuarded a = AnnotatedElementUtils.findMergedAnnotation(specific, AtrionGuarded.class);
        if (a == null) {
            a = AnnotatedElementUtils.findMergedAnnotation(key.targetClass(), AtrionGuarded.class);
        }
        Atrion instance = atrion.getObject();
        String route = a.route().isEmpty() ? key.targetClass().getSimpleName() + "." + specific.getName() : a.route();
        if (a.tier().length > 1) {
            throw new IllegalStateException("@AtrionGuarded on " + specific + ": give at most one tier");
        }
        double voltage;
        AtrionProperties.Route configured = properties.getObject().getRoutes().get(route);
        if (a.voltage() >= 0) {
            voltage = a.voltage();
        } else if (a.tier().length == 1) {
            voltage = instance.voltage(a.tier()[0]);
        } else if (configured != null && configured.getVoltage() != null) {
            voltage = configured.getVoltage();
        } else if (configured != null && configured.getTier() != null) {
            voltage = instance.voltage(configured.getTier());
        } else {
            voltage = instance.defaultVoltage();
        }
        if (!Double.isFinite(voltage)) {
            throw new IllegalStateException("@AtrionGuarded on " + specific + ": voltage must be finite, got " + voltage);
        }
        Class<?> returnType = specific.getReturnType();
        boolean async = CompletionStage.class.isAssignableFrom(returnType);
        FallbackMethods fallbacks = a.fallbackMethod().isEmpty() ? null
                : FallbackMethods.resolve(key.targetClass(), specific, a.fallbackMethod());
        return new Plan(route, voltage, async, CompletableFuture.class.isAssignableFrom(returnType),
                instance.guard(route), fallbacks, tiers.getIfAvailable());
    }

    private Object sync(Plan plan, MethodInvocation invocation) throws Throwable {
        boolean[] ran = new boolean[1];
        try {
            Object result = plan.guard.executeCallable(plan.voltage, () -> {
                ran[0] = true;
                return proceed(invocation);
            });
            record(plan, true);
            return result;
        } catch (Throwable t) {
            Throwable cause = t instanceof UndeclaredThrowableException && t.getCause() != null ? t.getCause() : t;
            record(plan, ran[0]);
            if (plan.fallbacks != null) {
                Method f = plan.fallbacks.find(cause);
                if (f != null) {
                    return FallbackMethods.invoke(f, invocation.getThis(), invocation.getArguments(), cause);
                }
            }
            throw cause;
        }
    }

    private Object async(Plan plan, MethodInvocation invocation) {
        boolean[] ran = new boolean[1];
        CompletionStage<Object> stage = plan.guard.executeCompletionStage(plan.voltage, () -> {
            ran[0] = true;
            try {
                @SuppressWarnings("unchecked")
                CompletionStage<Object> s = (CompletionStage<Object>) invocation.proceed();
                return s;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new CompletionException(t);
            }
        });
        record(plan, ran[0]);
        if (plan.fallbacks != null) {
            stage = stage.exceptionallyCompose(failure -> fallback(plan, invocation, unwrap(failure)));
        }
        return plan.futureReturn ? stage.toCompletableFuture() : stage;
    }

    private static CompletionStage<Object> fallback(Plan plan, MethodInvocation invocation, Throwable cause) {
        Method f = plan.fallbacks.find(cause);
        if (f == null) {
            return CompletableFuture.failedFuture(cause);
        }
        try {
            Object value = FallbackMethods.invoke(f, invocation.getThis(), invocation.getArguments(), cause);
            if (value instanceof CompletionStage<?> s) {
                @SuppressWarnings("unchecked")
                CompletionStage<Object> typed = (CompletionStage<Object>) s;
                return typed;
            }
            return CompletableFuture.completedFuture(value);
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    private static void record(Plan plan, boolean admitted) {
        if (plan.tiers != null) {
            plan.tiers.record(plan.route, plan.voltage, admitted);
        }
    }

    /** proceed() with its checked Throwables carried through Callable's {@code throws Exception}. */
    private static Object proceed(MethodInvocation invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
