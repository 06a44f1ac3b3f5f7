package io.atrion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile replay input ends in exit 2 with {@code line N: problem} on stderr and no stack trace,
 * in time linear in the input (the generous timeouts only catch a hang or quadratic blow-up; they
 * are not measurements). Each reproduction below crashed, hung or corrupted ids before the fix.
 */
class ReplayHostileInputTest {

    private static final String HEADER = "{\"autoTuner\": false}";

    /** One run of the CLI on raw bytes. */
    static ReplayTest.Run replayBytes(byte[] stdin, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "replay";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = "-";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new ReplayTest.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static ReplayTest.Run replay(String stdin) {
        return replayBytes(stdin.getBytes(StandardCharsets.UTF_8));
    }

    private static final Pattern CLEAN_ERROR = Pattern.compile("atrion replay: line [1-9][0-9]*: [^\n]+\n");

    /** Exit 2, exactly one {@code line N: ...} message naming {@code lineNo}, no stack trace. */
    static void assertCleanError(ReplayTest.Run r, int lineNo, String problem) {
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(CLEAN_ERROR.matcher(r.stderr()).matches(), "one clean message: " + r.stderr());
        assertTrue(r.stderr().startsWith("atrion replay: line " + lineNo + ": "), r.stderr());
        assertTrue(r.stderr().contains(problem), "expected '" + problem + "' in " + r.stderr());
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), r.stderr());
        assertTrue(r.stderr().length() < 400, "the message stays short: " + r.stderr().length());
    }

    private static String call(long t, String route) {
        StringBuilder b = new StringBuilder("{\"t\": ").append(t).append(", \"route\": ");
        return Json.appendString(b, route).append(", \"latencyMs\": 80}").toString();
    }

    // ---- 1. a huge exponent ----

    @Test
    void hugeExponentInTIsAnIntegerErrorNotACrash() {
        // Was: NumberFormatException from BigDecimal ("Too many nonzero exponent digits"), exit 1.
        ReplayTest.Run r = replay("{}\n{\"t\":1e99999999999,\"route\":\"a\",\"latencyMs\":5}\n");
        assertCleanError(r, 2, "\"t\" must be an integer (epoch milliseconds), got 1e99999999999");
        assertCleanError(replay("{}\n{\"t\":1e-99999999999,\"route\":\"a\",\"latencyMs\":5}\n"), 2, "must be an integer");
    }

    @Test
    void hugeExponentInATelemetryValueIsInfinityAndGuarded() {
        // 1e99999999999 reads as +∞ (correctly rounded), which SPEC §2.9 treats as 0, exactly like
        // the Infinity literal: the two runs print the same line.
        ReplayTest.Run huge = replay(HEADER + "\n{\"t\":1,\"route\":\"a\",\"latencyMs\":1e99999999999}\n");
        ReplayTest.Run inf = replay(HEADER + "\n{\"t\":1,\"route\":\"a\",\"latencyMs\":Infinity}\n");
        assertEquals(0, huge.exitCode(), huge.stderr());
        assertEquals(inf.stdout(), huge.stdout());
    }

    @Test
    void hugeExponentInAnIntegerHeaderKeyIsAConfigError() {
        assertCleanError(replay("{\"config\": {\"bootstrapTicks\": 1e99999999999}}\n"), 1,
                "config.bootstrapTicks must be an integer");
    }

    // ---- 2. deep nesting ----

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        // Was: StackOverflowError at 5,000 levels.
        for (int levels : new int[] {65, 5_000, 1_000_000}) {
            assertCleanError(replay("{}\n" + "[".repeat(levels) + "\n"), 2, "nesting deeper than 64 levels");
            assertCleanError(replay("[".repeat(levels) + "\n"), 1, "nesting deeper than 64 levels");
        }
    }

    @Test
    void nestingAtTheLimitParses() {
        // The call object is level 1, so 63 arrays inside it make 64 levels: parsed, then
        // rejected for its type; one more array is a nesting error.
        String at = "{\"t\":1,\"route\":\"a\",\"latencyMs\":" + "[".repeat(63) + "]".repeat(63) + "}";
        assertCleanError(replay("{}\n" + at + "\n"), 2, "\"latencyMs\" must be a number, got an array");
        String beyond = "{\"t\":1,\"route\":\"a\",\"latencyMs\":" + "[".repeat(64) + "]".repeat(64) + "}";
        assertCleanError(replay("{}\n" + beyond + "\n"), 2, "nesting deeper than 64 levels");
    }

    // ---- 3. long numbers, long lines ----

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void longNumberOfTheIssueEndsAtOnce() {
        // Was: 47 s of BigDecimal work before exit 2. 1 and 1.6 million zeros is longer than a line may be.
        String t = "1" + "0".repeat(1_600_000);
        assertCleanError(replay("{}\n{\"t\":" + t + ",\"route\":\"a\",\"latencyMs\":5}\n"), 2,
                "line is longer than 1048576 bytes");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void numberLongerThanTheLimitWithinALineIsRejected() {
        String t = "1" + "0".repeat(1_000_000); // fits in a line, not in a number
        assertCleanError(replay("{}\n{\"t\":" + t + ",\"route\":\"a\",\"latencyMs\":5}\n"), 2,
                "number longer than 1000 characters");
        String at = "1" + "0".repeat(999); // 1000 characters: read, then too large for a long
        assertCleanError(replay("{}\n{\"t\":" + at + ",\"route\":\"a\",\"latencyMs\":5}\n"), 2,
                "\"t\" must be an integer");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void lineFullOfLongestNumbersFinishes() {
        // About 1 MB of 1000-digit numbers in one array: every one is scanned once.
        StringBuilder b = new StringBuilder("{\"t\":1,\"route\":\"a\",\"latencyMs\":[");
        String n = "9".repeat(999) + "1";
        while (b.length() + n.length() + 3 < ReplayCommand.MAX_LINE_BYTES) {
            b.append(n).append(',');
        }
        b.append("0]}");
        assertCleanError(replay("{}\n" + b + "\n"), 2, "\"latencyMs\" must be a number, got an array");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fiveMegabyteLineEndsInExitTwo() {
        String big = "{\"t\":1,\"route\":\"" + "a".repeat(5 << 20) + "\",\"latencyMs\":5}";
        ReplayTest.Run r = replay(HEADER + "\n" + call(1, "a") + "\n" + big + "\n");
        assertCleanError(r, 3, "line is longer than 1048576 bytes");
        assertEquals(1, r.lines().size()); // the line before it was replayed and written
    }

    @Test
    void lineLengthLimitBothSides() {
        String base = call(1, "a");
        // A call padded with spaces to exactly the limit is replayed; one byte more is not.
        String at = base + " ".repeat(ReplayCommand.MAX_LINE_BYTES - base.length());
        ReplayTest.Run ok = replay(HEADER + "\n" + at + "\n");
        assertEquals(0, ok.exitCode(), ok.stderr());
        assertEquals(1, ok.lines().size());
        assertCleanError(replay(HEADER + "\n" + at + " \n"), 2, "line is longer than 1048576 bytes");
        // Bytes, not characters: 'é' is two bytes of UTF-8.
        String twoByte = base.replace("\"a\"", "\"é\"");
        String half = twoByte + " ".repeat(ReplayCommand.MAX_LINE_BYTES - twoByte.length());
        assertCleanError(replay(HEADER + "\n" + half + "\n"), 2, "line is longer than");
    }

    // ---- 4. lone surrogates and bad UTF-8 ----

    @Test
    void loneSurrogatesAreRejectedSoTwoRoutesNeverPrintAsOne() {
        // Was: "x\ud800y" and "x\udbffy" both printed as "x?y" with exit 0.
        assertCleanError(replay(HEADER + "\n{\"t\":1,\"route\":\"x\\ud800y\",\"latencyMs\":5}\n"), 2,
                "unpaired UTF-16 surrogate \\ud800");
        assertCleanError(replay(HEADER + "\n" + call(1, "ok") + "\n{\"t\":2,\"route\":\"x\\udbffy\",\"latencyMs\":5}\n"),
                3, "unpaired UTF-16 surrogate \\udbff");
        for (String bad : List.of("\\udc00", "x\\ud800", "\\ud800\\u0041", "\\udc00\\ud800", "\\ud800\\ud800")) {
            assertCleanError(replay(HEADER + "\n{\"t\":1,\"route\":\"" + bad + "\",\"latencyMs\":5}\n"), 2,
                    "unpaired UTF-16 surrogate");
        }
    }

    @Test
    void surrogatePairsAreOneCharacterAndPrintAsUtf8() {
        // U+1F600 escaped as a pair, and the same character raw: one route, printed raw.
        ReplayTest.Run r = replay(HEADER + "\n{\"t\":1,\"route\":\"x\\ud83d\\ude00\",\"latencyMs\":5}\n"
                + "{\"t\":2,\"route\":\"x\uD83D\uDE00\",\"latencyMs\":5}\n");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.lines().get(0).startsWith("{\"route\":\"x\uD83D\uDE00\","), r.lines().get(0));
        assertTrue(r.lines().get(1).endsWith("\"tick\":2}"), r.lines().get(1)); // the same route
    }

    @Test
    void invalidUtf8IsRejectedWithItsOwnLineNumber() {
        byte[] good = (HEADER + "\n" + (call(1, "a") + "\n").repeat(5_000)).getBytes(StandardCharsets.UTF_8);
        // CESU-8 of U+D800 (a surrogate in UTF-8 form), an overlong '/', a stray continuation
        // byte, 0xFF, and a sequence cut by the end of the line.
        for (byte[] bad : List.of(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82})) {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            in.writeBytes(good);
            in.writeBytes("{\"t\":2,\"route\":\"x".getBytes(StandardCharsets.UTF_8));
            in.writeBytes(bad);
            in.writeBytes("\",\"latencyMs\":5}\n".getBytes(StandardCharsets.UTF_8));
            ReplayTest.Run r = replayBytes(in.toByteArray());
            assertCleanError(r, 5_002, "not valid UTF-8");
            assertEquals(5_000, r.lines().size()); // every line before it was replayed
        }
    }

    @Test
    void distinctValidIdsPrintDistinct() {
        Set<String> printed = new HashSet<>();
        List<String> ids = List.of("x\u00e9y", "xe\u0301y", "x\uD800\uDC00y", "x\uDBFF\uDFFFy", "x\uFFFDy", "x?y",
                "x\u0000y", "x\u001Fy", "x\"y", "x\\y");
        StringBuilder in = new StringBuilder(HEADER + "\n");
        for (int i = 0; i < ids.size(); i++) {
            in.append(call(i + 1, ids.get(i))).append('\n');
        }
        ReplayTest.Run r = replay(in.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        for (String line : r.lines()) {
            assertTrue(printed.add(line.substring(0, line.indexOf(",\"t\":"))), line);
            assertTrue(line.endsWith("\"tick\":1}"), "each id is its own route: " + line);
        }
    }

    // ---- ids and routes ----

    @Test
    void routeIdLengthLimitBothSides() {
        String at = "r".repeat(ReplayCommand.MAX_ROUTE_ID_LENGTH);
        ReplayTest.Run ok = replay(HEADER + "\n" + call(1, at) + "\n");
        assertEquals(0, ok.exitCode(), ok.stderr());
        assertTrue(ok.stdout().startsWith("{\"route\":\"" + at + "\","));
        assertCleanError(replay(HEADER + "\n" + call(1, at + "r") + "\n"), 2,
                "\"route\" is longer than 1024 characters (1025)");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void distinctRouteLimitBothSides() {
        int n = ReplayCommand.MAX_ROUTES;
        StringBuilder in = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < n; i++) {
            in.append("{\"t\":1,\"route\":\"r").append(i).append("\",\"latencyMs\":5}\n");
        }
        ReplayTest.Run ok = replay(in.toString());
        assertEquals(0, ok.exitCode(), ok.stderr());
        in.append("{\"t\":2,\"route\":\"r0\",\"latencyMs\":5}\n"); // a known route is fine
        in.append("{\"t\":2,\"route\":\"one-more\",\"latencyMs\":5}\n");
        assertCleanError(replay(in.toString()), n + 3, "more than 100000 distinct routes");
    }

    /**
     * 100,000 ids sharing one String.hashCode ("Aa" and "BB" hash alike, so every string of 17
     * such blocks does): the FAST engine's index probes linearly, and fed these ids directly it
     * took O(routes) per call, about 10^10 probes here. The replay hands the engine its own
     * short ids, so this is as fast as any 200,000 calls.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void routeIdsWithOneHashCodeDoNotMakeTheReplayQuadratic() {
        int n = ReplayCommand.MAX_ROUTES;
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            StringBuilder id = new StringBuilder();
            for (int bit = 16; bit >= 0; bit--) {
                id.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            ids[i] = id.toString();
        }
        assertEquals(ids[0].hashCode(), ids[n - 1].hashCode());
        StringBuilder in = new StringBuilder(HEADER).append('\n');
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                in.append("{\"t\":").append(round + 1).append(",\"route\":\"").append(ids[i]).append("\",\"latencyMs\":5}\n");
            }
        }
        ReplayTest.Run r = replay(in.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> lines = r.lines();
        assertEquals(2 * n, lines.size());
        // Each id is its own route: the second round is every route's second update.
        assertTrue(lines.get(n - 1).endsWith("\"tick\":1}") && lines.get(2 * n - 1).endsWith("\"tick\":2}"));
        assertTrue(lines.get(2 * n - 1).startsWith("{\"route\":\"" + ids[n - 1] + "\""));
    }
}
