package io.atrion.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader and the number/string writers the replay output needs. Written
 * here rather than taken from a library so the CLI stays dependency-free and every error says
 * exactly what is wrong.
 *
 * <p>Values: {@link Map} (insertion-ordered, duplicate keys rejected), {@link List},
 * {@link String}, {@link Number} (a {@link JsonNumber} keeping the literal), {@link Boolean},
 * and {@link #NULL}. As an extension, the literals {@code NaN}, {@code Infinity} and
 * {@code -Infinity} (which Python's {@code json.dumps} writes) are read as numbers, so a trace
 * can exercise the non-finite telemetry guards of SPEC §2.9.
 */
final class Json {

    /** The JSON {@code null}. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private Json() {
    }

    /** A number literal, kept as text so integers and doubles are both read exactly. */
    static final class JsonNumber extends Number {
        private static final long serialVersionUID = 1L;
        private final String literal;

        JsonNumber(String literal) {
            this.literal = literal;
        }

        String literal() {
            return literal;
        }

        @Override
        public double doubleValue() {
            switch (literal) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    return Double.parseDouble(literal); // correctly rounded, as JSON intends
            }
        }

        /** The value as a long, or null when it is not an integer within range. */
        Long exactLong() {
            if (literal.indexOf('N') >= 0 || literal.indexOf('I') >= 0) {
                return null;
            }
            try {
                return new BigDecimal(literal).longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }

        @Override
        public long longValue() {
            return (long) doubleValue();
        }

        @Override
        public int intValue() {
            return (int) doubleValue();
        }

        @Override
        public float floatValue() {
            return (float) doubleValue();
        }

        @Override
        public String toString() {
            return literal;
        }
    }

    /** Thrown for text that is not JSON; the message names the column. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    /** Parses one complete JSON value; trailing non-space text is an error. */
    static Object parse(String text) throws ParseException {
        Parser p = new Parser(text);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the JSON value");
        }
        return v;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        ParseException error(String what) {
            return new ParseException("bad JSON at column " + (pos + 1) + ": " + what);
        }

        void skipSpace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        Object value() throws ParseException {
            if (pos >= s.length()) {
                throw error("unexpected end of line");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", NULL);
                case 'N':
                    return literal("NaN", new JsonNumber("NaN"));
                case 'I':
                    return literal("Infinity", new JsonNumber("Infinity"));
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected character '" + c + "'");
            }
        }

        private Object literal(String word, Object value) throws ParseException {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected text, expected " + word);
            }
            pos += word.length();
            return value;
        }

        private Map<String, Object> object() throws ParseException {
            pos++; // {
            Map<String, Object> map = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a \"key\"");
                }
                String key = string();
                skipSpace();
                if (peek() != ':') {
                    throw error("expected ':' after \"" + key + "\"");
                }
                pos++;
                skipSpace();
                Object v = value();
                if (map.put(key, v) != null) {
                    throw error("duplicate key \"" + key + "\"");
                }
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    return map;
                } else {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> array() throws ParseException {
            pos++; // [
            List<Object> list = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipSpace();
                list.add(value());
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    return Collections.unmodifiableList(list);
                } else {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private char peek() throws ParseException {
            if (pos >= s.length()) {
                throw error("unexpected end of line");
            }
            return s.charAt(pos);
        }

        private String string() throws ParseException {
            pos++; // opening quote
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw error("unterminated escape");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"': b.append('"'); break;
                    case '\\': b.append('\\'); break;
                    case '/': b.append('/'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'n': b.append('\n'); break;
                    case 'r': b.append('\r'); break;
                    case 't': b.append('\t'); break;
                    case 'u':
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                        break;
                    default:
                        throw error("bad escape \\" + e);
                }
            }
        }

        private JsonNumber number() throws ParseException {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
                if (s.startsWith("Infinity", pos)) {
                    pos += "Infinity".length();
                    return new JsonNumber("-Infinity");
                }
            }
            if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                throw error("bad number");
            }
            if (s.charAt(pos) == '0') {
                pos++;
            } else {
                digits();
            }
            if (pos < s.length() && s.charAt(pos) == '.') {
                pos++;
                if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                    throw error("bad number: digits expected after '.'");
                }
                digits();
            }
            if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos++;
                if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos >= s.length() || !isDigit(s.charAt(pos))) {
                    throw error("bad number: digits expected in exponent");
                }
                digits();
            }
            return new JsonNumber(s.substring(start, pos));
        }

        private void digits() {
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    // ---- writing ----

    /**
     * A finite double as a JSON number that reads back as the same double: integral values
     * below 1e15 without a fraction ({@code 12}, {@code 0}), others in Java's shortest-ish
     * round-trip form, checked, with the exact decimal expansion as the fallback.
     */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no literal for " + d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        String s = Double.toString(d);
        if (Double.parseDouble(s) != d) {
            s = new BigDecimal(d).toString();
        }
        return s;
    }

    /** Appends {@code text} as a JSON string literal. */
    static StringBuilder appendString(StringBuilder b, String text) {
        b.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"');
    }
}
