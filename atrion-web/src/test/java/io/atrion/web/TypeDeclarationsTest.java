package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * atrion.d.ts, the TypeScript declarations of the JavaScript package, compiled with
 * {@code tsc --strict --noEmit} together with src/test/ts/usage.ts, which uses every public
 * function the way the README does and marks misuses with {@code @ts-expect-error} (so the types
 * must also reject them). tsc is npm's {@code typescript}, installed into atrion-web/tools/
 * node_modules (ignored by git) by tools/install-typescript.sh, which .ci/run runs and this test
 * runs when tsc is missing; {@code -Datrion.web.tsc} names another tsc.
 */
class TypeDeclarationsTest {

    @Test
    void declarationsCompileAgainstTheirUse() throws Exception {
        Node.executable();
        Path tsc = Path.of(System.getProperty("atrion.web.tsc", "tools/node_modules/.bin/tsc"));
        if (!Files.isExecutable(tsc)) {
            Node.Result install = Node.run(List.of("bash", "tools/install-typescript.sh"), Path.of("."), 300);
            if (install.exitCode() != 0 || !Files.isExecutable(tsc)) {
                fail("no TypeScript compiler at " + tsc + " and tools/install-typescript.sh failed (it needs npm and the "
                        + "npm registry): " + install.stderr() + install.stdout());
            }
        }
        Path dir = Path.of("target", "ts-check");
        Files.createDirectories(dir);
        Files.copy(Node.SITE.resolve("atrion.d.ts"), dir.resolve("atrion.d.ts"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("src", "test", "ts", "usage.ts"), dir.resolve("usage.ts"), StandardCopyOption.REPLACE_EXISTING);
        // No @types packages: only the declarations under test and the standard library.
        Files.writeString(dir.resolve("tsconfig.json"), """
                {"compilerOptions": {"strict": true, "noEmit": true, "target": "es2022", "module": "es2022",
                  "moduleResolution": "bundler", "lib": ["es2022", "dom"], "types": []},
                 "files": ["usage.ts"]}
                """);
        Node.Result r = Node.run(List.of(tsc.toAbsolutePath().toString(), "-p", "tsconfig.json"), dir, 300);
        assertEquals(0, r.exitCode(), "tsc: " + r.stdout() + r.stderr());
        assertTrue(Files.readString(dir.resolve("usage.ts")).contains("@ts-expect-error"));
    }
}
