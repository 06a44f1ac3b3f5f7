package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module boundary, as a modular application meets it: javac, on the module path, against the
 * compiled module {@code io.atrion.core} (this module's {@code target/classes}, with its
 * {@code module-info.class}). The other tests run on the class path, where no module boundary
 * exists; this one compiles small consumer modules and reads javac's verdict.
 *
 * <p>What is expected follows from the design (docs/ARCHITECTURE.md, "Module boundaries"): the five
 * API packages are exported to everyone; {@code io.atrion.internal.*} to nobody, except the
 * formulas the browser build runs ({@code engine}, {@code physics}, {@code tuning}) to
 * {@code io.atrion.web} and the FAST engine's footprint arithmetic ({@code engine}) to
 * {@code io.atrion.bench}.
 */
class ModuleBoundaryTest {

    private static final String CORE = "io.atrion.core";

    private static final Set<String> API = Set.of(
            "io.atrion", "io.atrion.guard", "io.atrion.lease", "io.atrion.observe", "io.atrion.state");

    @TempDir
    Path dir;

    /** The compiled module: where {@code Atrion.class} was loaded from (target/classes). */
    private static Path coreModule() throws URISyntaxException {
        Path p = Path.of(Atrion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.exists(p.resolve("module-info.class")) || p.toString().endsWith(".jar"),
                "no module-info.class in " + p);
        return p;
    }

    private static ModuleDescriptor descriptor() throws URISyntaxException {
        return ModuleFinder.of(coreModule()).find(CORE).orElseThrow().descriptor();
    }

    @Test
    void theApiIsExportedToEveryoneAndTheInternalsOnlyByName() throws Exception {
        ModuleDescriptor d = descriptor();
        assertFalse(d.isAutomatic(), "io.atrion.core is an explicit module");
        // No runtime dependencies (SPEC: the core needs nothing): java.base only.
        assertEquals(Set.of("java.base"),
                d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));

        Set<String> unqualified = new TreeSet<>();
        Map<String, Set<String>> qualified = new TreeMap<>();
        for (ModuleDescriptor.Exports e : d.exports()) {
            if (e.isQualified()) {
                qualified.put(e.source(), new TreeSet<>(e.targets()));
            } else {
                unqualified.add(e.source());
            }
        }
        assertEquals(new TreeSet<>(API), unqualified);
        assertEquals(Map.of(
                "io.atrion.internal.engine", Set.of("io.atrion.web", "io.atrion.bench"),
                "io.atrion.internal.physics", Set.of("io.atrion.web"),
                "io.atrion.internal.tuning", Set.of("io.atrion.web")), qualified);
        assertTrue(d.opens().isEmpty() && !d.isOpen(), "nothing is open to deep reflection");

        // A new package must be placed on purpose: either API (exported) or under io.atrion.internal.
        for (String pkg : d.packages()) {
            assertTrue(API.contains(pkg) || pkg.startsWith("io.atrion.internal"),
                    pkg + " is neither an exported API package nor under io.atrion.internal");
        }
    }

    @Test
    void aModularApplicationCompilesAgainstThePublicApi() throws Exception {
        List<String> errors = compile("com.example.shop", List.of(
                "io.atrion.Atrion", "io.atrion.RouteDecision", "io.atrion.Telemetry",
                "io.atrion.guard.RouteGuard", "io.atrion.lease.Lease", "io.atrion.observe.AtrionObserver",
                "io.atrion.state.StateProvider"),
                "        Atrion atrion = Atrion.builder().build();\n"
                        + "        RouteGuard guard = atrion.guard(\"GET /orders\");\n"
                        + "        RouteDecision d = atrion.route(\"GET /orders\", Telemetry.of(20, 0, 0));\n"
                        + "        Class<?>[] more = {Lease.class, AtrionObserver.class, StateProvider.class};\n"
                        + "        return guard.routeId() + d.allowed() + more.length;\n");
        assertEquals(List.of(), errors);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "io.atrion.internal.ConfigChecks", "io.atrion.internal.GuardBridge",
        "io.atrion.internal.engine.FastEngine", "io.atrion.internal.engine.EngineParams",
        "io.atrion.internal.physics.Physics", "io.atrion.internal.select.RouteSelector",
        "io.atrion.internal.state.StateSync", "io.atrion.internal.tuning.AutoTuner"})
    void aModularApplicationCannotImportAnInternalClass(String internalClass) throws Exception {
        // Each of these is a public class: only the module boundary keeps the application out.
        List<String> errors = compile("com.example.shop", List.of(internalClass), "        return \"\";\n");
        assertNotVisible(errors, internalClass, "com.example.shop");
    }

    @Test
    void theWebModuleReachesTheFormulasItRunsAndNothingElse() throws Exception {
        assertEquals(List.of(), compile("io.atrion.web", List.of(
                "io.atrion.internal.engine.Admission", "io.atrion.internal.engine.EngineParams",
                "io.atrion.internal.physics.Physics", "io.atrion.internal.physics.FdlibmMath",
                "io.atrion.internal.tuning.AutoTuner"), "        return \"\";\n"));
        assertNotVisible(compile("io.atrion.web", List.of("io.atrion.internal.select.RouteSelector"),
                "        return \"\";\n"), "io.atrion.internal.select.RouteSelector", "io.atrion.web");
    }

    @Test
    void theBenchModuleReachesTheEngineAndNothingElse() throws Exception {
        assertEquals(List.of(), compile("io.atrion.bench", List.of("io.atrion.internal.engine.FastEngine"),
                "        return \"\";\n"));
        assertNotVisible(compile("io.atrion.bench", List.of("io.atrion.internal.physics.Physics"),
                "        return \"\";\n"), "io.atrion.internal.physics.Physics", "io.atrion.bench");
    }

    private static void assertNotVisible(List<String> errors, String internalClass, String module) {
        String pkg = internalClass.substring(0, internalClass.lastIndexOf('.'));
        assertEquals(1, errors.size(), () -> "one error expected: " + errors);
        String e = errors.get(0);
        assertTrue(e.contains("package " + pkg + " is not visible"), e);
        assertTrue(e.contains("declared in module " + CORE + ", which does not export it"), e);
    }

    /**
     * Compiles module {@code module} ({@code requires io.atrion.core}) with one class that imports
     * {@code imports} and whose method body is {@code body}; returns javac's errors.
     */
    private List<String> compile(String module, List<String> imports, String body)
            throws IOException, URISyntaxException {
        Path src = dir.resolve("src-" + module);
        Path out = dir.resolve("out-" + module);
        Path pkgDir = src.resolve(module.replace('.', '/') + "/app");
        Files.createDirectories(pkgDir);
        Files.createDirectories(out);
        Path moduleInfo = Files.writeString(src.resolve("module-info.java"),
                "module " + module + " {\n    requires " + CORE + ";\n}\n");
        StringBuilder app = new StringBuilder("package " + module + ".app;\n\n");
        for (String i : imports) {
            app.append("import ").append(i).append(";\n");
        }
        app.append("\npublic final class App {\n    public static String run() {\n").append(body).append("    }\n}\n");
        Path appFile = Files.writeString(pkgDir.resolve("App.java"), app);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            // An empty class path: javac would otherwise take this test JVM's, where the same
            // classes sit in the unnamed module.
            List<String> options = List.of("--module-path", coreModule().toString(), "--class-path", out.toString(),
                    "-d", out.toString(), "-proc:none", "-Xlint:all", "-Werror");
            javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjects(moduleInfo, appFile)).call();
        }
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.NOTE) {
                errors.add(d.getKind() + ": " + d.getMessage(Locale.ROOT));
            }
        }
        return errors;
    }
}
