package io.atrion.testing;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import java.util.List;
import java.util.stream.Stream;

/**
 * The engines every behavioural test runs against. Use as
 * {@code @ParameterizedTest @MethodSource("io.atrion.testing.TestEngines#all")}; jqwik properties
 * loop over {@link #list()}.
 */
public final class TestEngines {

    private TestEngines() {
    }

    /** Every engine the suite must pass against (SPEC.md §7: both engines pass the same suite). */
    public static Stream<Engine> all() {
        return Stream.of(Engine.REFERENCE, Engine.FAST);
    }

    /** {@link #all()} as a list, for loops inside jqwik properties. */
    public static List<Engine> list() {
        return all().toList();
    }

    /** A builder running {@code engine} on {@code clock}; everything else at its default. */
    public static Atrion.Builder builder(Engine engine, ManualClock clock) {
        return Atrion.builder().engine(engine).clock(clock);
    }
}
