package io.atrion.spring.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fallback methods of one guarded method, resolved once: methods of the bean's class or a
 * superclass with the fallback's name, the guarded method's parameters plus a last parameter of a
 * {@link Throwable} type, and a compatible return type. {@link #find} picks the most specific one
 * that accepts a given exception, as Resilience4j does.
 */
final class FallbackMethods {

    private final String name;
    private final List<Method> candidates;

    private FallbackMethods(String name, List<Method> candidates) {
        this.name = name;
        this.candidates = candidates;
    }

    /**
     * Resolves the fallbacks named {@code name} for {@code guarded} on {@code targetClass}.
     *
     * @throws IllegalStateException when the name is given but no method fits, naming what was expected
     */
    static FallbackMethods resolve(Class<?> targetClass, Method guarded, String name) {
        List<Method> found = new ArrayList<>();
        Class<?>[] params = guarded.getParameterTypes();
        boolean async = java.util.concurrent.CompletionStage.class.isAssignableFrom(guarded.getReturnType());
        for (Class<?> c = targetClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                Class<?>[] p = m.getParameterTypes();
                if (!m.getName().equals(name) || p.length != params.length + 1 || m.isBridge()
                        || !Throwable.class.isAssignableFrom(p[params.length])
                        || !Arrays.equals(Arrays.copyOf(p, params.length), params)
                        || !returns(m, guarded, async)
                        || overridden(found, m)) {
                    continue;
                }
                m.setAccessible(true);
                found.add(m);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("@AtrionGuarded(fallbackMethod = \"" + name + "\") on " + guarded
                    + ": no method " + name + "(" + names(params) + (params.length > 0 ? ", " : "")
                    + "<a Throwable type>) returning " + guarded.getReturnType().getSimpleName() + " in "
                    + targetClass.getName() + " or its superclasses");
        }
        return new FallbackMethods(name, List.copyOf(found));
    }

    /** The most specific fallback whose exception parameter accepts {@code t}, or null. */
    Method find(Throwable t) {
        Method best = null;
        Class<?> bestType = null;
        for (Method m : candidates) {
            Class<?> type = m.getParameterTypes()[m.getParameterCount() - 1];
            if (type.isInstance(t) && (bestType == null || bestType.isAssignableFrom(type))) {
                best = m;
                bestType = type;
            }
        }
        return best;
    }

    /** Calls the fallback on the bean with the call's arguments and the exception; rethrows what it throws. */
    static Object invoke(Method fallback, Object target, Object[] args, Throwable t) throws Throwable {
        Object[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = t;
        try {
            return fallback.invoke(target, all);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    String name() {
        return name;
    }

    private static boolean returns(Method fallback, Method guarded, boolean async) {
        Class<?> r = guarded.getReturnType();
        if (async) {
            return java.util.concurrent.CompletionStage.class.isAssignableFrom(fallback.getReturnType())
                    || (r.isAssignableFrom(fallback.getReturnType()));
        }
        if (r == void.class) {
            return fallback.getReturnType() == void.class;
        }
        return box(r).isAssignableFrom(box(fallback.getReturnType()));
    }

    /** A subclass's method hides the superclass's one with the same parameters. */
    private static boolean overridden(List<Method> found, Method m) {
        for (Method f : found) {
            if (Arrays.equals(f.getParameterTypes(), m.getParameterTypes())) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
    }

    private static String names(Class<?>[] types) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            b.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return b.toString();
    }
}
