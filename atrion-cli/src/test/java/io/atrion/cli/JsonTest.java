package io.atrion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
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
}
