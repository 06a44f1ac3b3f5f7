package io.atrion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Property(tries = 20000)
    void everyFiniteDoubleIsWrittenSoItReadsBackExactly(@ForAll double d) {
        if (!Double.isFinite(d)) {
            return;
        }
        String s = Json.number(d);
        double back = Double.parseDouble(s);
        // -0.0 is written as 0 (JSON readers differ on -0); every other value keeps its bits.
        if (d == 0.0) {
            assertEquals(0.0, back);
        } else {
            assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits(back), s);
        }
    }

    @Property(tries = 20000)
    void randomBitPatternsRoundTrip(@ForAll long bits) {
        double d = Double.longBitsToDouble(bits);
        if (!Double.isFinite(d) || d == 0.0) {
            return;
        }
        assertEquals(bits, Double.doubleToLongBits(Double.parseDouble(Json.number(d))));
    }

    @Test
    void integralValuesHaveNoFraction() {
        assertEquals("12", Json.number(12.0));
        assertEquals("0", Json.number(0.0));
        assertEquals("-3", Json.number(-3.0));
        assertEquals("20.365599317164296", Json.number(20.365599317164296));
    }

    @Test
    void parsesObjectsArraysAndLiterals() throws Exception {
        Map<?, ?> m = (Map<?, ?>) Json.parse(" {\"a\": [1, -2.5e3, true, null, \"x\\n\\u0041\"]} ");
        List<?> a = (List<?>) m.get("a");
        assertEquals(1.0, ((Number) a.get(0)).doubleValue());
        assertEquals(-2500.0, ((Number) a.get(1)).doubleValue());
        assertEquals(Boolean.TRUE, a.get(2));
        assertEquals(Json.NULL, a.get(3));
        assertEquals("x\nA", a.get(4));
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : List.of("{", "{\"a\" 1}", "{\"a\": 1,}", "[1 2]", "01", "1.", "-", "\"abc", "{} x",
                "{\"a\": 1, \"a\": 2}", "tru", "{'a': 1}")) {
            Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("bad JSON at column "), e.getMessage());
        }
    }

    @Test
    void integersAreReadExactlyAsLongs() throws Exception {
        assertEquals(1767225600000L, ((Json.JsonNumber) Json.parse("1767225600000")).exactLong());
        assertEquals(1767225600000L, ((Json.JsonNumber) Json.parse("1.7672256e12")).exactLong());
        assertEquals(null, ((Json.JsonNumber) Json.parse("1.5")).exactLong());
        assertEquals(null, ((Json.JsonNumber) Json.parse("99999999999999999999")).exactLong());
    }

    private static Long exactLong(String literal) throws Json.ParseException {
        return ((Json.JsonNumber) Json.parse(literal)).exactLong();
    }

    @Test
    void exactLongAtTheEdgesOfLong() throws Exception {
        assertEquals(Long.MAX_VALUE, exactLong("9223372036854775807"));
        assertEquals(Long.MAX_VALUE, exactLong("9.223372036854775807e18"));
        assertEquals(null, exactLong("9223372036854775808"));
        assertEquals(Long.MIN_VALUE, exactLong("-9223372036854775808"));
        assertEquals(Long.MIN_VALUE, exactLong("-922337203685477580.8e1"));
        assertEquals(null, exactLong("-9223372036854775809"));
        assertEquals(1_000_000_000_000_000_000L, exactLong("1e18"));
        assertEquals(null, exactLong("1e19"));
        assertEquals(0L, exactLong("-0.0e-7"));
        assertEquals(0L, exactLong("0e99999999999"));
        assertEquals(123L, exactLong("123.000"));
        assertEquals(5L, exactLong("0.5e1"));
        assertEquals(null, exactLong("5e-1"));
        assertEquals(1L, exactLong("100e-2"));
        assertEquals(null, exactLong("1e99999999999"));
        assertEquals(null, exactLong("1e-99999999999"));
        assertEquals(7L, exactLong("0." + "0".repeat(990) + "7e991"));
        assertEquals(null, exactLong("NaN"));
        assertEquals(null, exactLong("-Infinity"));
    }

    @Provide
    Arbitrary<String> numberLiterals() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(22);
        Arbitrary<String> intPart = Arbitraries.oneOf(Arbitraries.just("0"),
                digits.filter(d -> d.charAt(0) != '0'));
        Arbitrary<String> fraction = Arbitraries.oneOf(Arbitraries.just(""), digits.map(d -> "." + d));
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(-25, 25).map(e -> "e" + e),
                Arbitraries.integers().between(0, 25).map(e -> "E+" + e));
        return Combinators.combine(Arbitraries.of("", "-"), intPart, fraction, exponent)
                .as((sign, i, f, e) -> sign + i + f + e);
    }

    /** The one-pass reading agrees with BigDecimal (the test oracle, on short literals). */
    @Property(tries = 20000)
    void exactLongAgreesWithBigDecimal(@ForAll("numberLiterals") String literal) throws Exception {
        Long expected;
        try {
            expected = new BigDecimal(literal).longValueExact();
        } catch (ArithmeticException e) {
            expected = null;
        }
        assertEquals(expected, exactLong(literal), literal);
    }

    @Property(tries = 5000)
    void everyLongReadsBackExactly(@ForAll long v) throws Exception {
        assertEquals(v, exactLong(Long.toString(v)));
    }

    @Test
    void nestingLimitBothSides() throws Exception {
        assertTrue(Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH)) instanceof List);
        String objects = "{\"a\":".repeat(Json.MAX_DEPTH - 1) + "{}" + "}".repeat(Json.MAX_DEPTH - 1);
        assertTrue(Json.parse(objects) instanceof Map);
        // The 65th opening bracket is at column 65; the 65th object at column 64·5 + 1 (each '{"a":' is 5).
        Json.ParseException arrays = assertThrows(Json.ParseException.class,
                () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)));
        assertEquals("bad JSON at column 65: nesting deeper than 64 levels", arrays.getMessage());
        Json.ParseException nested = assertThrows(Json.ParseException.class, () -> Json.parse("{\"a\":" + objects + "}"));
        assertEquals("bad JSON at column 321: nesting deeper than 64 levels", nested.getMessage());
        // Siblings do not add up: depth is nesting, not count.
        assertTrue(Json.parse("[" + "[[]],".repeat(10_000) + "[]]") instanceof List);
    }

    @Test
    void numberLengthLimitBothSides() throws Exception {
        String at = "-0." + "1".repeat(Json.MAX_NUMBER_LENGTH - 7) + "e-10"; // exactly 1000 characters
        assertEquals(Json.MAX_NUMBER_LENGTH, at.length());
        assertEquals(Double.parseDouble(at), ((Number) Json.parse(at)).doubleValue());
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse("[1, " + at.replace("-0.", "-0.1") + "]"));
        assertEquals("bad JSON at column 5: number longer than 1000 characters (1001)", e.getMessage());
        // The exact expansion of the smallest double (767 significant digits) still fits.
        String tiny = new BigDecimal(Double.MIN_VALUE).toString();
        assertEquals(Double.MIN_VALUE, ((Number) Json.parse(tiny)).doubleValue());
    }

    @Test
    void unpairedSurrogatesAreRejectedPairsAreKept() throws Exception {
        assertEquals("x\uD83D\uDE00", Json.parse("\"x\\ud83d\\ude00\""));
        assertEquals("x\uD83D\uDE00", Json.parse("\"x" + "\uD83D" + "\\ude00\"")); // raw high, escaped low
        for (String bad : List.of("\"\\ud800\"", "\"\\udbffy\"", "\"\\udc00\"", "\"a\\ude00\\ud83d\"",
                "\"\uD800\"", "\"\uDC00x\"", "{\"\\ud800\": 1}")) {
            Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("unpaired UTF-16 surrogate"), e.getMessage());
        }
    }

    @Test
    void unicodeEscapesTakeExactlyFourAsciiHexDigits() throws Exception {
        assertEquals("\u00e9\u00C9", Json.parse("\"\\u00e9\\u00C9\""));
        for (String bad : List.of("\"\\u+0FF\"", "\"\\u-001\"", "\"\\u00g0\"", "\"\\u\u0663\u0663\u0663\u0663\"",
                "\"\\u12\"")) {
            assertThrows(Json.ParseException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void messagesQuoteLongTextShortAndNameOddCharacters() {
        String longKey = "k".repeat(100_000);
        Json.ParseException e = assertThrows(Json.ParseException.class,
                () -> Json.parse("{\"" + longKey + "\": 1, \"" + longKey + "\": 2}"));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertTrue(e.getMessage().endsWith("...\" (100000 characters)"), e.getMessage());
        Json.ParseException nul = assertThrows(Json.ParseException.class, () -> Json.parse("\u0000"));
        assertEquals("bad JSON at column 1: unexpected character U+0000", nul.getMessage());
        Json.ParseException emoji = assertThrows(Json.ParseException.class, () -> Json.parse("\uD83D\uDE00"));
        assertEquals("bad JSON at column 1: unexpected character U+1F600", emoji.getMessage());
        assertEquals("\"ab\\u0001\"", Json.quote("ab\u0001"));
    }
}
