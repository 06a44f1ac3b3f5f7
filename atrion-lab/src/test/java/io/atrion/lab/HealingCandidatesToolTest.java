package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atrion-lab/tools/HealingCandidates.java} (docs/guard.md: how to re-run the healing
 * measurements) is a single-file program outside the build: this test compiles it against the
 * lab's classes and runs it on one storm and seed, so an API change that breaks it fails here.
 */
class HealingCandidatesToolTest {

    private static final Path TOOL = Path.of("tools", "HealingCandidates.java");

    @Test
    void theToolCompilesAndMeasuresACandidateNextToTunedResilience4j(@TempDir Path out) throws Exception {
        assertTrue(Files.isRegularFile(TOOL), TOOL.toAbsolutePath() + " (run from the atrion-lab module)");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK is needed to compile the tool");
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"), "--release", "17"),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                        .getJavaFileObjects(TOOL.toFile())).call();
        assertTrue(ok, diagnostics.toString());

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()},
                HealingCandidatesToolTest.class.getClassLoader())) {
            Method main = loader.loadClass("HealingCandidates").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {"--seeds", "1", "--storm", "hard-down", "lab-policies",
                "limits-interactive"});
        } finally {
            System.setOut(stdout);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        List<String> rows = text.lines().filter(l -> l.startsWith("  ")).toList();
        assertEquals(4, rows.size(), text);
        assertTrue(rows.get(0).trim().startsWith("r4j-tuned"), text);
        // The lab's atrion-limits policy is the interactive preset with the limits: the same run.
        assertEquals(rows.get(2).substring(30), rows.get(3).substring(30), text);
        assertTrue(text.lines().anyMatch(l -> l.equals("== hard-down")), text);
    }
}
