package io.atrion.web;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Node.js (and the TypeScript compiler) for the tests of the JavaScript package. Like the
 * browser tests, these run in every {@code mvn verify}: without {@code node} they <em>fail</em>,
 * naming what to install, unless skipped explicitly with {@code -Datrion.web.skipNode=true}.
 * {@code atrion.web.node} names the executable (default {@code node} on the PATH).
 */
final class Node {

    /** The assembled site: the package's files (atrion.js, atrion.d.ts, teavm/, ...). */
    static final Path SITE = Path.of("target", "classes", "atrion-web");

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Node() {
    }

    /** The node executable; fails (or skips, when asked) when there is none. */
    static String executable() {
        if (Boolean.getBoolean("atrion.web.skipNode")) {
            System.out.println("Node tests skipped: -Datrion.web.skipNode=true");
            Assumptions.abort("Node tests skipped: -Datrion.web.skipNode=true");
        }
        String node = System.getProperty("atrion.web.node", "node");
        try {
            Result r = run(List.of(node, "--version"), Path.of("."), 30);
            if (r.exitCode() == 0) {
                return node;
            }
        } catch (IOException e) {
            // below
        }
        fail(node + " not found: the JavaScript package's tests need Node.js 20 or later (apt-get install -y nodejs "
                + "npm; .ci/run installs them). Set -Datrion.web.node for another path, or -Datrion.web.skipNode=true "
                + "to skip these tests explicitly.");
        return null;
    }

    /** Runs a command to completion (at most {@code timeoutSeconds}) and returns its exit code and output. */
    static Result run(List<String> command, Path dir, int timeoutSeconds) throws IOException {
        File out = File.createTempFile("atrion-node-", ".out");
        File err = File.createTempFile("atrion-node-", ".err");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                    .redirectOutput(out).redirectError(err).start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail(command + " did not finish within " + timeoutSeconds + " s");
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
            return new Result(p.exitValue(), java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
