package io.atrion.spring;

import io.atrion.VoltageTier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards a method of a Spring bean through its route's {@link io.atrion.guard.RouteGuard}: the
 * call is admitted or shed by Atrion's physics, timed, and its outcome (an exception is an error)
 * becomes the route's telemetry. On a class, every public method of the bean is guarded.
 *
 * <pre>{@code
 * @AtrionGuarded(route = "inventory", tier = VoltageTier.HIGH, fallbackMethod = "cachedStock")
 * public Stock stock(String sku) { return client.stock(sku); }
 *
 * private Stock cachedStock(String sku, AtrionRejectedException shed) { return cache.get(sku); }
 * private Stock cachedStock(String sku, Throwable failure) { return Stock.unknown(sku); }
 * }</pre>
 *
 * <h2>Return types</h2>
 * A method returning {@link java.util.concurrent.CompletionStage} (or {@code CompletableFuture})
 * is timed until its stage completes, and a shed call returns a failed stage instead of throwing;
 * any other method is timed until it returns or throws. A shed call throws (or fails with)
 * {@link io.atrion.guard.AtrionRejectedException} unless a fallback handles it.
 *
 * <h2>Voltage</h2>
 * {@link #voltage()} when it is ≥ 0; else {@link #tier()} on the instance's ladder (SPEC §2.8)
 * when one is given; else the route's {@code atrion.routes.<id>.voltage} or
 * {@code .tier}; else the instance's default voltage ({@code atrion.default-voltage}, 100).
 *
 * <h2>Fallback</h2>
 * As in Resilience4j: when the call fails — it was shed, or it threw — the fallback method is
 * looked up on the bean's class (and its superclasses) by name: same parameters as the guarded
 * method plus one last parameter of a {@link Throwable} type, any visibility, a return type
 * assignable to the guarded method's. Among those whose last parameter accepts the exception, the
 * most specific type wins ({@code AtrionRejectedException} over {@code RuntimeException} over
 * {@code Throwable}). When none accepts it the exception propagates. For a
 * {@code CompletionStage} method the fallback may return a value's stage or throw; it runs when
 * the stage fails.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface AtrionGuarded {

    /**
     * The route id; by default {@code SimpleClassName.methodName} of the declaring class.
     * Route ids are metric labels and dashboard rows: keep them few and stable.
     */
    String route() default "";

    /**
     * Priority tier of the calls, e.g. {@code tier = VoltageTier.HIGH}; ignored when
     * {@link #voltage()} is set. An array only so that "not set" (empty, the default) can be told
     * apart from every tier; give at most one.
     */
    VoltageTier[] tier() default {};

    /** Voltage of the calls (≥ 0); negative (the default) means: use the tier. */
    double voltage() default -1;

    /** Name of the fallback method (see the class documentation); none by default. */
    String fallbackMethod() default "";
}
