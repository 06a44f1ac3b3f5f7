package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Mode;
import io.atrion.Reason;
import io.atrion.VoltageTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The names the JavaScript package decodes codes with are the Java enums': atrion.js's
 * {@code MODES}, {@code REASONS} and {@code TIERS} arrays, and atrion.d.ts's {@code Mode},
 * {@code Reason} and {@code Tier} types, list {@link Mode}, {@link Reason} and
 * {@link VoltageTier} in ordinal order (a decision code carries ordinals). The decision code's
 * bit layout fits them: 2 bits of mode, 2 of reason.
 */
class ModeReasonNamesTest {

    private static final Path SITE = Path.of("src", "main", "site");

    private static List<String> names(Enum<?>[] values, boolean lowerCase) {
        return Arrays.stream(values).map(e -> lowerCase ? e.name().toLowerCase(Locale.ROOT) : e.name()).toList();
    }

    /** The quoted strings of {@code export const NAME = Object.freeze([...])} in atrion.js. */
    private static List<String> jsArray(String js, String name) {
        Matcher m = Pattern.compile("export const " + name + " = Object\\.freeze\\(\\[([^\\]]*)\\]\\)").matcher(js);
        assertTrue(m.find(), "atrion.js declares " + name);
        return quoted(m.group(1));
    }

    /** The quoted strings of {@code export type NAME = 'A' | 'B' ...;} in atrion.d.ts. */
    private static List<String> tsUnion(String ts, String name) {
        Matcher m = Pattern.compile("export type " + name + " = ([^;]*);").matcher(ts);
        assertTrue(m.find(), "atrion.d.ts declares " + name);
        return quoted(m.group(1));
    }

    private static List<String> quoted(String text) {
        List<String> out = new ArrayList<>();
        Matcher q = Pattern.compile("'([^']*)'").matcher(text);
        while (q.find()) {
            out.add(q.group(1));
        }
        return out;
    }

    @Test
    void javaScriptNamesAreTheJavaEnumsInOrdinalOrder() throws IOException {
        String js = Files.readString(SITE.resolve("atrion.js"));
        String ts = Files.readString(SITE.resolve("atrion.d.ts"));
        assertEquals(names(Mode.values(), false), jsArray(js, "MODES"));
        assertEquals(names(Reason.values(), false), jsArray(js, "REASONS"));
        assertEquals(names(VoltageTier.values(), true), jsArray(js, "TIERS"));
        assertEquals(names(Mode.values(), false), tsUnion(ts, "Mode"));
        assertEquals(names(Reason.values(), false), tsUnion(ts, "Reason"));
        assertEquals(names(VoltageTier.values(), true), tsUnion(ts, "Tier"));
    }

    @Test
    void theEnginesConstantsAreTheOrdinals() {
        assertEquals(Mode.BOOTSTRAP.ordinal(), FlatEngine.BOOTSTRAP);
        assertEquals(Mode.OPERATIONAL.ordinal(), FlatEngine.OPERATIONAL);
        assertEquals(Mode.CIRCUIT_BREAKER.ordinal(), FlatEngine.BREAKER);
        assertEquals(Reason.values().length + 2, FlatEngine.CLOSED - FlatEngine.COUNTS + 1, "counters: reasons, opened, closed");
        assertEquals(StateRecord.FIELDS.length, FlatEngine.STATE_STRIDE);
    }

    @Test
    void theCodeHasRoomForEveryOrdinal() {
        // Code = allow | mode << 1 | reason << 3: two bits each.
        assertTrue(Mode.values().length <= 4 && Reason.values().length <= 4);
        assertEquals(AtrionWeb.REASON_SHIFT, AtrionWeb.MODE_SHIFT + 2);
        for (int e = 0; e < 2; e++) {
            Enum<?>[] values = e == 0 ? Mode.values() : Reason.values();
            for (Enum<?> v : values) {
                assertEquals(v.name(), AtrionWeb.enumName(e, v.ordinal()));
            }
            assertEquals(null, AtrionWeb.enumName(e, values.length));
        }
    }
}
