package io.atrion.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.spring.autoconfigure.AtrionAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Binding of {@code atrion.*} and startup failures that name the property. */
class AtrionPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AtrionAutoConfiguration.class));

    @Test
    void everySectionBinds() {
        runner.withPropertyValues(
                "atrion.engine=reference",
                "atrion.default-voltage=42",
                "atrion.physics.base-resistance=5",
                "atrion.physics.decay-rate=0.5",
                "atrion.physics.bootstrap-ticks=3",
                "atrion.slo.baseline-latency-ms=80",
                "atrion.slo.target-error-rate=0.02",
                "atrion.slo.criticality.error=9",
                "atrion.auto-tuner.window-size=20",
                "atrion.auto-tuner.min-floor=40",
                "atrion.guard.max-concurrent-calls=50",
                "atrion.guard.probe-interval=2s",
                "atrion.routes.[GET /orders].guard.telemetry-window=10",
                "atrion.routes.[GET /orders].tier=high"
        ).run(context -> {
            Atrion atrion = context.getBean(Atrion.class);
            assertEquals(Engine.REFERENCE, atrion.engine());
            assertEquals(42.0, atrion.defaultVoltage());
            assertEquals(5.0, atrion.physicsConfig().baseResistance());
            assertEquals(0.5, atrion.physicsConfig().decayRate());
            assertEquals(3, atrion.physicsConfig().bootstrapTicks());
            assertEquals(80.0, atrion.slo().baselineLatencyMs());
            assertEquals(0.02, atrion.slo().targetErrorRate());
            assertEquals(9.0, atrion.slo().errorCriticality());
            assertEquals(20, atrion.autoTunerConfig().orElseThrow().windowSize());
            assertEquals(40.0, atrion.autoTunerConfig().orElseThrow().minFloor());
            assertEquals(50, atrion.guards().defaultConfig().maxConcurrentCalls());
            assertEquals(2000, atrion.guards().defaultConfig().probeIntervalMillis());
            // The route's guard: its own window, the global capacity and probe interval.
            assertEquals(10, atrion.guard("GET /orders").config().telemetryWindow());
            assertEquals(50, atrion.guard("GET /orders").config().maxConcurrentCalls());
            assertEquals(2000, atrion.guard("GET /orders").config().probeIntervalMillis());
            assertEquals(io.atrion.VoltageTier.HIGH,
                    context.getBean(AtrionProperties.class).getRoutes().get("GET /orders").getTier());
        });
    }

    @Test
    void aRouteTakesItsWorkloadProfileFromItsProperties() {
        runner.withPropertyValues(
                "atrion.routes.[POST /reports].profile=heavy",
                "atrion.routes.thumbnails.profile=LIGHT"
        ).run(context -> {
            Atrion atrion = context.getBean(Atrion.class);
            assertEquals(io.atrion.WorkloadProfile.HEAVY, atrion.profile("POST /reports"));
            assertEquals(io.atrion.WorkloadProfile.LIGHT, atrion.profile("thumbnails"));
            // SPEC §4: a HEAVY route's latency baseline is 5,000 ms, not the SLO's 100 ms.
            assertEquals(5_000.0, atrion.profile("POST /reports").latencyBaselineMs(atrion.slo()));
            assertEquals(io.atrion.WorkloadProfile.STANDARD, atrion.profile("unconfigured"));
        });
        fails("atrion.routes.[POST /reports].profile", "huge", "atrion.routes.[POST /reports].profile=huge");
    }

    @Test
    void defaultsAreTheSpecs() {
        runner.run(context -> {
            Atrion atrion = context.getBean(Atrion.class);
            assertEquals(io.atrion.PhysicsConfig.defaults(), atrion.physicsConfig());
            assertEquals(io.atrion.Slo.defaults(), atrion.slo());
            assertEquals(io.atrion.AutoTunerConfig.defaults(), atrion.autoTunerConfig().orElseThrow());
            assertTrue(atrion.countsDecisions(), "the starter keeps decision counters for its endpoint and metrics");
        });
    }

    @Test
    void anOutOfRangeValueFailsTheStartNamingTheProperty() {
        fails("atrion.physics.decay-rate", -1.0, "atrion.physics.decay-rate=-1");
        fails("atrion.physics.break-multiplier", 0.5, "atrion.physics.break-multiplier=0.5");
        fails("atrion.slo.criticality.latency", 11.0, "atrion.slo.criticality.latency=11");
        fails("atrion.slo.max-latency-ms", -5.0, "atrion.slo.max-latency-ms=-5", "atrion.slo.max-error-rate=0.1");
        fails("atrion.auto-tuner.recovery-multiplier", 2.0, "atrion.auto-tuner.recovery-multiplier=2");
        fails("atrion.guard.max-concurrent-calls", 0, "atrion.guard.max-concurrent-calls=0");
        fails("atrion.routes.[GET /x].guard.update-interval", java.time.Duration.ofSeconds(-1),
                "atrion.routes.[GET /x].guard.update-interval=-1s");
        fails("atrion.default-voltage", -3.0, "atrion.default-voltage=-3");
        fails("atrion.slo.target-error-rate", 0.1, "atrion.slo.max-latency-ms=500", "atrion.slo.max-error-rate=0.1",
                "atrion.slo.target-error-rate=0.1");
        fails("atrion.slo.max-error-rate", null, "atrion.slo.max-latency-ms=500");
    }

    @Test
    void aValueOfTheWrongTypeFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("atrion.physics.scar-factor=lots").run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure);
            assertTrue(chain(failure).contains("atrion.physics.scar-factor"), chain(failure));
        });
    }

    private void fails(String property, Object value, String... properties) {
        runner.withPropertyValues(properties).run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure, "the start should fail for " + String.join(", ", properties));
            Throwable t = failure;
            while (t != null && !(t instanceof InvalidConfigurationPropertyValueException)) {
                t = t.getCause();
            }
            InvalidConfigurationPropertyValueException e = assertInstanceOf(
                    InvalidConfigurationPropertyValueException.class, t, chain(failure));
            assertEquals(property, e.getName());
            assertEquals(value, e.getValue());
        });
    }

    private static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (; t != null; t = t.getCause()) {
            b.append(t).append('\n');
        }
        return b.toString();
    }
}
