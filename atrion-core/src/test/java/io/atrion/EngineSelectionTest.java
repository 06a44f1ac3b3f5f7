package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Engine selection: builder, then ATRION_ENGINE, then AUTO = FAST (SPEC §7). */
class EngineSelectionTest {

    @Test
    void parseAcceptsTheThreeNamesInAnyCase() {
        assertEquals(Engine.AUTO, Engine.parse("auto"));
        assertEquals(Engine.AUTO, Engine.parse("AUTO"));
        assertEquals(Engine.FAST, Engine.parse("fast"));
        assertEquals(Engine.FAST, Engine.parse("Fast"));
        assertEquals(Engine.REFERENCE, Engine.parse("reference"));
        assertEquals(Engine.REFERENCE, Engine.parse("rEfErEnCe"));
    }

    @Test
    void parseRejectsAnythingElseNamingTheChoices() {
        for (String bad : new String[] {"", "fastest", "ref", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Engine.parse(bad),
                    String.valueOf(bad));
            String m = e.getMessage();
            assertTrue(m.contains("auto") && m.contains("fast") && m.contains("reference"), m);
        }
    }

    @Test
    void environmentVariableIsNamedAtrionEngine() {
        assertEquals("ATRION_ENGINE", Engine.ENVIRONMENT_VARIABLE);
    }

    @Test
    void builderChoiceWinsOverTheEnvironment() {
        assertEquals(Engine.REFERENCE, Atrion.resolve(Engine.REFERENCE, "fast"));
        assertEquals(Engine.FAST, Atrion.resolve(Engine.FAST, "reference"));
        assertEquals(Engine.FAST, Atrion.resolve(Engine.AUTO, "reference"), "AUTO picks FAST");
    }

    @Test
    void environmentDecidesWhenTheBuilderDoesNot() {
        assertEquals(Engine.REFERENCE, Atrion.resolve(null, "reference"));
        assertEquals(Engine.REFERENCE, Atrion.resolve(null, " Reference "));
        assertEquals(Engine.FAST, Atrion.resolve(null, "FAST"));
        assertEquals(Engine.FAST, Atrion.resolve(null, "auto"));
        assertEquals(Engine.FAST, Atrion.resolve(null, null));
        assertEquals(Engine.FAST, Atrion.resolve(null, ""));
    }

    @Test
    void unknownEnvironmentValueFailsFastNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Atrion.resolve(null, "turbo"));
        assertTrue(e.getMessage().contains("ATRION_ENGINE"), e.getMessage());
        assertTrue(e.getMessage().contains("turbo"), e.getMessage());
        assertTrue(e.getMessage().contains("auto, fast or reference"), e.getMessage());
    }

    @Test
    void builtInstanceReportsItsEngine() {
        assertEquals(Engine.REFERENCE, Atrion.builder().engine(Engine.REFERENCE).build().engine());
        assertEquals(Engine.FAST, Atrion.builder().engine(Engine.FAST).build().engine());
        assertEquals(Engine.FAST, Atrion.builder().engine(Engine.AUTO).build().engine());
    }

    /** The real environment variable, in a child JVM. */
    @Test
    void realEnvironmentVariableIsRead() throws Exception {
        assertEquals("REFERENCE", runProbe("reference"));
        assertEquals("FAST", runProbe("fast"));
        assertEquals("FAST", runProbe(null));
        String bad = runProbe("warp");
        assertTrue(bad.startsWith("IllegalArgumentException: ATRION_ENGINE: unknown engine 'warp'"), bad);
    }

    private static String runProbe(String envValue) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EngineProbe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove(Engine.ENVIRONMENT_VARIABLE);
        if (envValue != null) {
            pb.environment().put(Engine.ENVIRONMENT_VARIABLE, envValue);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe finished");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    /** Prints the engine a default-built instance resolves to, or the exception. */
    public static final class EngineProbe {
        public static void main(String[] args) {
            try {
                System.out.println(Atrion.builder().build().engine());
            } catch (IllegalArgumentException e) {
                System.out.println("IllegalArgumentException: " + e.getMessage());
            }
        }
    }
}
