package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one mapping from dotted keys to the config records ({@link ConfigKeys}). */
class ConfigKeysTest {

    private static final List<Class<? extends Record>> RECORDS = List.of(PhysicsConfig.class, Slo.class,
            AutoTunerConfig.class);

    /** Every record component as "Record.component", by reflection (in the test only). */
    private static Set<String> allComponents() {
        Set<String> all = new TreeSet<>();
        for (Class<? extends Record> r : RECORDS) {
            for (RecordComponent c : r.getRecordComponents()) {
                all.add(r.getSimpleName() + "." + c.getName());
            }
        }
        return all;
    }

    /** The components whose value differs between two configs of the same record type. */
    private static List<String> changed(Record before, Record after) throws ReflectiveOperationException {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : before.getClass().getRecordComponents()) {
            Object a = c.getAccessor().invoke(before);
            Object b = c.getAccessor().invoke(after);
            if (!a.equals(b)) {
                out.add(before.getClass().getSimpleName() + "." + c.getName());
            }
        }
        return out;
    }

    /**
     * The record component a key names by the naming rule of the table: {@code config.x} is
     * PhysicsConfig.x, {@code slo.x} is Slo.x, {@code slo.criticality.x} is Slo.xCriticality,
     * {@code autoTuner.x} is AutoTunerConfig.x.
     */
    private static String componentOf(String key) {
        if (key.startsWith("config.")) {
            return "PhysicsConfig." + key.substring("config.".length());
        }
        if (key.startsWith("slo.criticality.")) {
            return "Slo." + key.substring("slo.criticality.".length()) + "Criticality";
        }
        if (key.startsWith("slo.")) {
            return "Slo." + key.substring("slo.".length());
        }
        return "AutoTunerConfig." + key.substring("autoTuner.".length());
    }

    /**
     * Every record component has exactly one key, and each key changes exactly its own component:
     * a new field in PhysicsConfig, Slo or AutoTunerConfig fails this test until it is mapped.
     */
    @Test
    void everyConfigFieldHasExactlyOneKey() throws ReflectiveOperationException {
        ConfigKeys defaults = ConfigKeys.defaults();
        Set<String> covered = new TreeSet<>();
        for (String key : ConfigKeys.keys()) {
            if (ConfigKeys.kind(key) == ConfigKeys.Kind.BOOLEAN) {
                continue; // autoTuner: on/off, not a field (checked below)
            }
            ConfigKeys k = ConfigKeys.defaults();
            // A value inside every range that differs from the default: 3/4 of a number (each
            // default is > 0 and its range is closed below 3/4 of it), an integer plus one.
            Object dflt = k.get(key);
            if (dflt instanceof Integer) {
                k.set(key, (long) (Integer) dflt + 1);
            } else {
                k.set(key, 0.75 * (Double) dflt);
            }
            List<String> diff = new ArrayList<>();
            diff.addAll(changed(defaults.physics(), k.physics()));
            diff.addAll(changed(defaults.slo(), k.slo()));
            diff.addAll(changed(defaults.autoTuner(), k.autoTuner()));
            assertEquals(List.of(componentOf(key)), diff, key);
            assertTrue(covered.add(diff.get(0)), "two keys set " + diff.get(0));
        }
        assertEquals(allComponents(), covered, "record components without a key");
    }

    @Test
    void autoTunerKeyTurnsTheTunerOff() {
        ConfigKeys k = ConfigKeys.defaults();
        assertTrue(k.autoTunerEnabled());
        assertEquals(AutoTunerConfig.defaults(), k.autoTuner());
        k.set("autoTuner", false);
        assertNull(k.autoTuner());
        assertEquals(Boolean.FALSE, k.get("autoTuner"));
        assertFalse(k.applyTo(Atrion.builder().engine(Engine.REFERENCE)).build().autoTunerConfig().isPresent());
        k.set("autoTuner", 1L);
        assertTrue(k.autoTunerEnabled());
    }

    @Test
    void defaultsAreTheConfigDefaultsAndKeysAreInTableOrder() {
        ConfigKeys k = ConfigKeys.defaults();
        assertEquals(PhysicsConfig.defaults(), k.physics());
        assertEquals(Slo.defaults(), k.slo());
        assertEquals(AutoTunerConfig.defaults(), k.autoTuner());
        assertEquals(22, ConfigKeys.keys().size()); // 8 physics + 7 SLO + on/off + 6 tuner
        assertEquals("config.baseResistance", ConfigKeys.keys().get(0));
        assertEquals("autoTuner.recoveryMultiplier", ConfigKeys.keys().get(21));
        assertThrows(UnsupportedOperationException.class, () -> ConfigKeys.keys().add("x"));
    }

    @Provide
    Arbitrary<List<Record>> configs() {
        Arbitrary<PhysicsConfig> physics = Combinators.combine(Arbitraries.doubles().between(0, 1000),
                Arbitraries.doubles().between(1, 1000), Arbitraries.integers().between(1, 1000))
                .as((r, g, n) -> PhysicsConfig.builder().baseResistance(r).breakMultiplier(g).bootstrapTicks(n).build());
        Arbitrary<Slo> slo = Combinators.combine(Arbitraries.doubles().between(1e-6, 1e6).ofScale(9),
                Arbitraries.doubles().between(0, 10)).as((b, c) -> Slo.builder().baselineSaturation(b)
                .errorCriticality(c).build());
        Arbitrary<AutoTunerConfig> tuner = Combinators.combine(Arbitraries.integers().between(1, 1 << 20),
                Arbitraries.doubles().between(0, 1e6)).as((w, c) -> AutoTunerConfig.builder().windowSize(w)
                .minFloor(0).hardCeiling(c).build());
        return Combinators.combine(physics, slo, tuner).as(List::of);
    }

    /** {@code of(configs)} reads every field back: building from it gives equal configs. */
    @Property(tries = 300)
    void ofThenBuildIsTheIdentity(@ForAll("configs") List<Record> c) {
        PhysicsConfig p = (PhysicsConfig) c.get(0);
        Slo s = (Slo) c.get(1);
        AutoTunerConfig t = (AutoTunerConfig) c.get(2);
        ConfigKeys k = ConfigKeys.of(p, s, t);
        assertEquals(p, k.physics());
        assertEquals(s, k.slo());
        assertEquals(t, k.autoTuner());
        assertNull(ConfigKeys.of(p, s, null).autoTuner());
    }

    /** Out-of-range values are rejected when built, with the dotted key at the start of the message. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "config.baseResistance, -1, '>= 0'",
        "config.baseResistance, 1e6, 833333.3333333334",
        "config.decayRate, NaN, '>= 0'",
        "config.scarFactor, -1, '>= 0'",
        "config.dampingFactor, Infinity, '>= 0'",
        "config.criticalPressure, 0, '> 0'",
        "config.breakMultiplier, 0.5, '>= 1'",
        "config.breakMultiplier, 1e6, 'at most 1e6'",
        "config.bootstrapTicks, 0, '>= 1'",
        "config.tanhScale, 0, '> 0'",
        "slo.baselineLatencyMs, 0, '> 0'",
        "slo.maxAcceptableLatencyMs, -5, '> 0'",
        "slo.targetErrorRate, 0, '> 0'",
        "slo.baselineSaturation, 0, '> 0'",
        "slo.criticality.latency, 11, '[0, 10]'",
        "slo.criticality.error, -1, '[0, 10]'",
        "slo.criticality.saturation, NaN, '[0, 10]'",
        "autoTuner.windowSize, 0, '>= 1'",
        "autoTuner.sensitivity, -1, '>= 0'",
        "autoTuner.minFloor, 2e6, '[0, 1000000]'",
        "autoTuner.hardCeiling, 2e6, '[30, 1000000]'",
        "autoTuner.hardCeiling, 29, '[30, 1000000]'",
        "autoTuner.warmupTicks, -1, '>= 0'",
        "autoTuner.recoveryMultiplier, 1.5, '[0, 1]'",
    })
    void rangeErrorsNameTheDottedKey(String key, String value, String bound) {
        ConfigKeys k = ConfigKeys.defaults().set(key, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            k.physics();
            k.slo();
            k.autoTuner();
        });
        assertTrue(e.getMessage().startsWith(key + " "), e.getMessage());
        assertTrue(e.getMessage().contains(bound), e.getMessage());
    }

    @Test
    void tunerValuesAreCheckedWhileTheTunerIsOff() {
        ConfigKeys k = ConfigKeys.defaults().set("autoTuner", false).set("autoTuner.windowSize", 0L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, k::autoTuner);
        assertTrue(e.getMessage().startsWith("autoTuner.windowSize "), e.getMessage());
    }

    private static void rejectsAtSet(String expectedStart, Consumer<ConfigKeys> set) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> set.accept(ConfigKeys.defaults()));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    @Test
    void wrongKindsAreRejectedAtOnceNamingTheKey() {
        rejectsAtSet("config.bootstrapTicks must be an integer", k -> k.set("config.bootstrapTicks", 2.5));
        rejectsAtSet("config.bootstrapTicks must be an integer", k -> k.set("config.bootstrapTicks", 1e10));
        rejectsAtSet("config.bootstrapTicks must be an integer", k -> k.set("config.bootstrapTicks", Double.NaN));
        rejectsAtSet("autoTuner.windowSize must be an integer", k -> k.set("autoTuner.windowSize", 1L << 31));
        rejectsAtSet("autoTuner must be true or false", k -> k.set("autoTuner", 2.0));
        rejectsAtSet("autoTuner must be true or false", k -> k.set("autoTuner", -1L));
        rejectsAtSet("config.decayRate must be a number", k -> k.set("config.decayRate", true));
        rejectsAtSet("config.bootstrapTicks must be an integer", k -> k.set("config.bootstrapTicks", false));
        rejectsAtSet("unknown setting 'config.decay'", k -> k.set("config.decay", 1.0));
        rejectsAtSet("unknown setting 'Config.decayRate'", k -> k.set("Config.decayRate", 1.0));
        rejectsAtSet("unknown setting 'null'", k -> k.set(null, 1.0));
        rejectsAtSet("unknown setting 'config'", k -> k.set("config", 1L));
        assertThrows(IllegalArgumentException.class, () -> ConfigKeys.kind("slo.criticality"));
        assertFalse(ConfigKeys.isKey("slo.criticality"));
        assertTrue(ConfigKeys.isKey("slo.criticality.error"));
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource({
        "config.decayRate, ' 2.5e-1 ', 0.25",
        "config.decayRate, +3, 3.0",
        "config.decayRate, .5, 0.5",
        "config.decayRate, 5., 5.0",
        "config.bootstrapTicks, 12, 12",
        "config.bootstrapTicks, 1e1, 10",
        "autoTuner, false, false",
        "autoTuner, ' true', true",
    })
    void textValuesAreParsed(String key, String text, String expected) {
        assertEquals(expected, String.valueOf(ConfigKeys.defaults().set(key, text).get(key)));
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @CsvSource({
        "config.decayRate, 0x1p3, must be a number",
        "config.decayRate, 1.5d, must be a number",
        "config.decayRate, 2f, must be a number",
        "config.decayRate, '', must be a number",
        "config.decayRate, abc, must be a number",
        "config.decayRate, 1e, must be a number",
        "config.decayRate, ., must be a number",
        "config.decayRate, 1_000, must be a number",
        "config.bootstrapTicks, 2.5, must be an integer",
        "config.bootstrapTicks, ten, must be an integer",
        "autoTuner, yes, must be true or false",
        "autoTuner, 1, must be true or false",
    })
    void malformedTextIsRejectedNamingTheKey(String key, String text, String problem) {
        rejectsAtSet(key + " " + problem, k -> k.set(key, text));
    }

    @Test
    void nonFiniteTextReachesTheRangeCheck() {
        ConfigKeys k = ConfigKeys.defaults().set("config.decayRate", "NaN");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, k::physics);
        assertTrue(e.getMessage().startsWith("config.decayRate must be a finite number"), e.getMessage());
    }

    @Test
    void applyToBuildsAnAtrionWithTheValues() {
        Atrion a = ConfigKeys.defaults().set("config.decayRate", 1.0).set("slo.criticality.latency", 7L)
                .set("autoTuner.windowSize", "20").applyTo(Atrion.builder().engine(Engine.REFERENCE)).build();
        assertEquals(1.0, a.physicsConfig().decayRate());
        assertEquals(7.0, a.slo().latencyCriticality());
        assertEquals(20, a.autoTunerConfig().orElseThrow().windowSize());
        assertTrue(ConfigKeys.of(a.physicsConfig(), a.slo(), null).toString()
                .contains("config.decayRate=1.0, "), "toString lists key=value");
    }

    @Test
    void readmeSnippetRunsAsWritten() {
        // ---- README.md, Configuration, "By dotted keys" ----
        Atrion atrion = ConfigKeys.defaults().set("config.decayRate", 1.0).set("autoTuner", false)
                .applyTo(Atrion.builder()).build();
        // ----
        assertEquals(1.0, atrion.physicsConfig().decayRate());
        assertFalse(atrion.autoTunerConfig().isPresent());
        assertEquals(Slo.defaults(), atrion.slo());
    }

    /**
     * The mapping is compiled by TeaVM for the browser build: its source must not use reflection,
     * String.format or regular expressions (TeaVM lacks or bloats them).
     */
    @Test
    void mappingSourceAvoidsApisTeaVmCannotCompile() throws IOException {
        // Code only: the Javadoc may name what the code avoids.
        String src = Files.readString(Path.of("src/main/java/io/atrion/ConfigKeys.java"))
                .replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        for (String banned : List.of("java.lang.reflect", "getDeclared", "getRecordComponents", "Class.forName",
                "String.format", ".formatted(", "java.util.regex", ".matches(", ".replaceAll(", ".split(")) {
            assertFalse(src.contains(banned), "ConfigKeys uses " + banned);
        }
    }
}
