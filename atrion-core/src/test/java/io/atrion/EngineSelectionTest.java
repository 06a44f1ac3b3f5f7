package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.testing.TestEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC.md §7: engines chosen by name (auto, fast, reference), case-insensitively. */
class EngineSelectionTest {

    @Test
    void parseAcceptsTheThreeNamesInAnyCase() {
        assertEquals(Engine.AUTO, Engine.parse("auto"));
        assertEquals(Engine.AUTO, Engine.parse("AUTO"));
        assertEquals(Engine.FAST, Engine.parse("fast"));
        assertEquals(Engine.FAST, Engine.parse("Fast"));
        assertEquals(Engine.REFERENCE, Engine.parse("reference"));
        assertEquals(Engine.REFERENCE, Engine.parse("REFERENCE"));
        assertEquals(Engine.REFERENCE, Engine.parse("rEfErEnCe"));
    }

    @Test
    void parseRejectsAnythingElseNamingTheChoices() {
        for (String bad : new String[] {"turbo", "ref", "fastest", "", "auto fast", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Engine.parse(bad),
                    String.valueOf(bad));
            String m = e.getMessage();
            assertTrue(m != null && m.contains("auto") && m.contains("fast") && m.contains("reference"), m);
        }
    }

    @Test
    void environmentVariableName() {
        assertEquals("ATRION_ENGINE", Engine.ENVIRONMENT_VARIABLE);
    }

    @ParameterizedTest
    @MethodSource("io.atrion.testing.TestEngines#all")
    void builderRunsTheRequestedEngine(Engine engine) {
        assertEquals(engine, Atrion.builder().engine(engine).build().engine());
    }

    @Test
    void autoResolvesToAConcreteEngine() {
        Engine resolved = Atrion.builder().engine(Engine.AUTO).build().engine();
        assertNotEquals(Engine.AUTO, resolved);
        assertTrue(TestEngines.list().contains(resolved), "AUTO must pick an engine the suite covers: " + resolved);
    }
}
