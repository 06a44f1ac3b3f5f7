package io.atrion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.ConfigKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing {@code atrion replay}: random and hostile bytes, valid traces with random byte-level
 * mutations, JSON token soup and random headers. Whatever the input, the command returns exit 0
 * with well-formed output, or exit 2 with one {@code line N: problem} message; it never throws,
 * prints a stack trace or hangs (the 30 s guard per input is only a hang detector: each input is
 * a few kilobytes and replays in milliseconds).
 */
class ReplayFuzzProperties {

    private static final String VALID = String.join("\n",
            "{\"config\": {\"bootstrapTicks\": 2, \"decayRate\": 0.5}, \"slo\": {\"criticality\": {\"error\": 9}}, "
                    + "\"autoTuner\": {\"windowSize\": 5, \"warmupTicks\": 2}}",
            "{\"t\": 1767225600000, \"route\": \"api/x\", \"latencyMs\": 80, \"errorRate\": 0.0, \"saturation\": 0.4}",
            "{\"t\": 1767225600100, \"route\": \"api/\u00e9\\u00e9\", \"latencyMs\": 450, \"errorRate\": 0.2, "
                    + "\"voltage\": 50}",
            "{\"t\": 1767225600200, \"route\": \"api/x\", \"latencyMs\": NaN, \"saturation\": -Infinity}",
            "{\"t\": 1.7672256003e12, \"route\": \"\\ud83d\\ude00\", \"latencyMs\": 1e308, \"voltage\": 1E-300}",
            "");

    private static final Pattern ERROR = Pattern.compile("atrion replay: line ([1-9][0-9]*): [^\n]+\n");
    private static final List<String> OUTPUT_KEYS = List.of("route", "t", "allow", "mode", "resistance", "scar",
            "momentum", "tick");

    /** Runs the replay on {@code input} and checks the contract of every outcome. */
    private static void replayIsClean(byte[] input) {
        ReplayTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ReplayHostileInputTest.replayBytes(input));
        int lineCount = 1;
        for (byte b : input) {
            if (b == '\n' || b == '\r') {
                lineCount++;
            }
        }
        if (r.exitCode() == 2) {
            Matcher m = ERROR.matcher(r.stderr());
            assertTrue(m.matches(), "one clean message: " + r.stderr());
            assertTrue(Integer.parseInt(m.group(1)) <= lineCount, r.stderr());
            assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), r.stderr());
        } else {
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("", r.stderr());
        }
        // Whatever was written is complete lines of the specified shape.
        assertTrue(r.stdout().isEmpty() || r.stdout().endsWith("\n"), r.stdout());
        for (String line : r.lines()) {
            try {
                Map<?, ?> out = (Map<?, ?>) Json.parse(line);
                assertEquals(OUTPUT_KEYS, new ArrayList<>(out.keySet()), line);
            } catch (Json.ParseException e) {
                throw new AssertionError("output is not JSON: " + line, e);
            }
        }
    }

    @Property(tries = 500)
    void randomBytes(@ForAll("bytes") byte[] input) {
        replayIsClean(input);
    }

    @Property(tries = 2000)
    void mutatedValidTraces(@ForAll("mutations") List<int[]> mutations) {
        byte[] b = VALID.getBytes(StandardCharsets.UTF_8);
        for (int[] m : mutations) {
            b = mutate(b, m);
        }
        replayIsClean(b);
    }

    @Property(tries = 1000)
    void tokenSoupCallLines(@ForAll("soup") String line) {
        replayIsClean(("{}\n" + line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void randomHeaders(@ForAll("headers") String header) {
        replayIsClean((header + "\n" + "{\"t\": 1, \"route\": \"a\", \"latencyMs\": 80}\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The unmutated trace replays: the fuzz starts from a line the replay accepts. */
    @Property(tries = 1)
    void theSeedTraceIsValid() {
        ReplayTest.Run r = ReplayHostileInputTest.replay(VALID);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(4, r.lines().size());
    }

    // ---- generators ----

    /** Bytes the JSON reader and the UTF-8 decoder care about. */
    private static final byte[] INTERESTING = ("{}[]\":,\\0123456789eE-+.ntfNIu \t\r\nx").getBytes(StandardCharsets.US_ASCII);

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> special = Arbitraries.of((byte) 0xED, (byte) 0xC0, (byte) 0x80, (byte) 0xFF, (byte) 0xF4,
                (byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        Arbitrary<Byte> ascii = Arbitraries.of(boxed(INTERESTING));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, ascii), net.jqwik.api.Tuple.of(1, any), net.jqwik.api.Tuple.of(1, special))
                .list().ofMaxSize(400).map(ReplayFuzzProperties::unboxed);
    }

    /** A mutation: {kind, position (per mille of the length), length, byte}. */
    @Provide
    Arbitrary<List<int[]>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(1, 200), Arbitraries.integers().between(0, 255))
                .as((kind, at, len, b) -> new int[] {kind, at, len, b})
                .list().ofMinSize(1).ofMaxSize(6);
    }

    private static byte[] mutate(byte[] in, int[] m) {
        int at = (int) ((long) m[1] * in.length / 1000);
        int len = Math.min(m[2], in.length - at);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (m[0]) {
            case 0: // replace one byte with an arbitrary one
                out.write(in, 0, at);
                out.write(m[3]);
                out.write(in, Math.min(in.length, at + 1), Math.max(0, in.length - at - 1));
                break;
            case 1: // insert a byte the reader cares about
                out.write(in, 0, at);
                out.write(INTERESTING[m[3] % INTERESTING.length]);
                out.write(in, at, in.length - at);
                break;
            case 2: // delete a range
                out.write(in, 0, at);
                out.write(in, at + len, in.length - at - len);
                break;
            case 3: // duplicate a range
                out.write(in, 0, at + len);
                out.write(in, at, in.length - at);
                break;
            case 4: // truncate
                out.write(in, 0, at);
                break;
            case 5: // insert a run of one bracket or digit (nesting, long numbers)
                out.write(in, 0, at);
                byte[] run = new byte[m[2] * 8];
                java.util.Arrays.fill(run, (byte) "[{90e"
                        .charAt(m[3] % 5));
                out.write(run, 0, run.length);
                out.write(in, at, in.length - at);
                break;
            default: // insert a hostile escape or raw UTF-8 fragment
                String[] frags = {"\\ud800", "\\udfff", "\\u", "\\uZZZZ", "\\", "\u00e9", "\uD83D\uDE00", "\u0000"};
                out.write(in, 0, at);
                out.writeBytes(frags[m[3] % frags.length].getBytes(StandardCharsets.UTF_8));
                out.write(in, at, in.length - at);
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("{", "}", "[", "]", ":", ",", "\"t\"", "\"route\"", "\"latencyMs\"", "\"voltage\"",
                        "true", "false", "null", "NaN", "Infinity", "-Infinity", "-", "0", "-0", "1e99999999999",
                        "1e-99999999999", "1.5", "01", "1.", ".5", "\"\\ud800\"", "\"\\udbff\\udfff\"", "\"a\"", "\"\"",
                        "\"\\u00\"", "\"\\x\"", "\"unterminated", " ", "\t"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(20).map(s -> {
                    StringBuilder b = new StringBuilder();
                    return Json.appendString(b, s).toString();
                }));
        Arbitrary<String> wellFormedStart = Arbitraries.just("{\"t\": 1, \"route\": \"a\", \"latencyMs\": ");
        return Combinators.combine(Arbitraries.oneOf(wellFormedStart, Arbitraries.just("")),
                token.list().ofMaxSize(30)).as((start, tokens) -> start + String.join("", tokens));
    }

    @Provide
    Arbitrary<String> headers() {
        List<String> names = new ArrayList<>(ConfigKeys.keys());
        names.addAll(List.of("config", "slo", "slo.criticality", "engine", "config.", ".x", "autoTuner.windowSize.x"));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("true", "false", "null", "\"10\"", "[]", "{}", "NaN", "-Infinity", "1e99999999999",
                        "2.5", "0", "-1", "1e6", "833333.3333333335", "2147483648", "{\"x\": 1}"),
                Arbitraries.doubles().between(-20, 1200).map(String::valueOf),
                Arbitraries.integers().between(-2, 600).map(String::valueOf));
        Arbitrary<String> entry = Combinators.combine(Arbitraries.of(names), value)
                .as((name, v) -> nest(name, v));
        return entry.list().ofMaxSize(8).map(entries -> "{" + String.join(", ", entries) + "}");
    }

    /** {@code "a.b.c": v} as {@code "a": {"b": {"c": v}}}, the header's spelling. */
    private static String nest(String dotted, String value) {
        String[] parts = dotted.split("\\.", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            b.append(i == 0 ? "" : "{");
            Json.appendString(b, parts[i]).append(": ");
        }
        b.append(value).append("}".repeat(parts.length - 1));
        return b.toString();
    }

    private static Byte[] boxed(byte[] b) {
        Byte[] out = new Byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i];
        }
        return out;
    }

    private static byte[] unboxed(List<Byte> list) {
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
