package io.atrion.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader and the number/string writers the replay output needs.
 *
 * <p>Values: {@link Map} (insertion-ordered, duplicate keys rejected), {@link List},
 * {@link String}, {@link Number} (a {@link JsonNumber} keeping the literal), {@link Boolean},
 * and {@link #NULL}. As an extension, the literals {@code NaN}, {@code Infinity} and
 * {@code -Infinity} (which Python's {@code json.dumps} writes) are read as numbers, so a trace
 * can exercise the non-finite telemetry guards of SPEC §2.9.
 *
 * <h2>Hostile input</h2>
 * Every input either parses or fails with a {@link ParseException} naming the column, in time
 * linear in its length and with a bounded stack:
 * <ul>
 *   <li>nesting deeper than {@value #MAX_DEPTH} arrays/objects is an error (the parser recurses
 *       once per level; a replay line needs 3);</li>
 *   <li>a number literal longer than {@value #MAX_NUMBER_LENGTH} characters is an error (the
 *       exact decimal expansion of any double fits: at most 767 significant digits), so no
 *       conversion ever sees a huge literal; {@link JsonNumber#exactLong()} is a linear scan,
 *       not a {@code BigDecimal}, so an exponent such as {@code 1e99999999999} costs nothing;</li>
 *   <li>a string with an unpaired UTF-16 surrogate ({@code "\ud800"} without its low half, or
 *       a low half alone) is an error. Such a string is not Unicode text: it has no UTF-8 form,
 *       so an encoder prints {@code ?} for it, and two different route ids
 *       ({@code x\ud800y}, {@code x\udbffy}) would come out as one. Rejecting it (as I-JSON, RFC
 *       7493, requires) is the only choice that keeps every id the replay reads printable and
 *       distinct; escaping it back as {@code \ud800} on output would keep the ids distinct in
 *       our output but hand the same unencodable text to every reader downstream.</li>
 * </ul>
 * The length of a line (and so of every string) is bounded by the caller
 * ({@link ReplayCommand#MAX_LINE_BYTES}).
 *
 * <p>Why a hand-written reader rather than jackson-core with {@code StreamReadConstraints}: the
 * replay needs exactly the literal of each number (to read {@code t} as an exact long and doubles
 * correctly rounded), the three non-finite literals, duplicate-key rejection, lone-surrogate
 * rejection (jackson-core decodes {@code \ud800} without complaint, so it would need the same
 * check on top), and messages in the CLI's words. This reader has all of them in about 400 lines,
 * keeps atrion-cli free of a parser dependency, and its limits are the four checks above.
 */
final class Json {

    /** Deepest nesting of arrays and objects accepted. */
    static final int MAX_DEPTH = 64;

    /** Longest number literal accepted, in characters (sign, digits, point and exponent). */
    static final int MAX_NUMBER_LENGTH = 1000;

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
                    // Correctly rounded, as JSON intends; the literal is at most MAX_NUMBER_LENGTH
                    // characters, and a huge exponent just gives ±Infinity or ±0.
                    return Double.parseDouble(literal);
            }
        }

        /**
         * The value as a long, or null when it is not an integer within range. Exact for every
         * literal ({@code 1.7672256e12} is 1767225600000, {@code 1.5} and {@code 1e19} are null),
         * in one pass over the literal.
         */
        Long exactLong() {
            if (literal.indexOf('N') >= 0 || literal.indexOf('I') >= 0) {
                return null;
            }
            return ExactLong.parse(literal);
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

    /** Reads a grammatical JSON number literal as an exact long, without big-number arithmetic. */
    private static final class ExactLong {
        /** An exponent beyond this magnitude decides the answer alone; saturating keeps it small. */
        private static final long EXPONENT_CAP = 1_000_000;

        private ExactLong() {
        }

        /** {@code s} matches {@code -?digits(.digits)?([eE][+-]?digits)?} (the parser checked it). */
        static Long parse(String s) {
            int n = s.length();
            int i = 0;
            boolean negative = s.charAt(0) == '-';
            if (negative) {
                i++;
            }
            // value = M × 10^exponent, M the integer and fraction digits without the point.
            StringBuilder m = new StringBuilder(24);
            long exponent = 0;
            boolean fraction = false;
            for (; i < n && s.charAt(i) != 'e' && s.charAt(i) != 'E'; i++) {
                char c = s.charAt(i);
                if (c == '.') {
                    fraction = true;
                    continue;
                }
                if (m.length() > 0 || c != '0') { // drop leading zeros
                    m.append(c);
                }
                if (fraction) {
                    exponent--; // each fraction digit is one place below the units
                }
            }
            if (i < n) {
                i++;
                boolean expNegative = s.charAt(i) == '-';
                if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                    i++;
                }
                long e = 0;
                for (; i < n; i++) {
                    e = Math.min(EXPONENT_CAP, e * 10 + (s.charAt(i) - '0'));
                }
                exponent += expNegative ? -e : e;
            }
            if (m.length() == 0) {
                return 0L; // every digit is 0, whatever the exponent
            }
            int end = m.length();
            while (m.charAt(end - 1) == '0') { // trailing zeros move into the exponent
                end--;
                exponent++;
            }
            if (exponent < 0 || end + exponent > 19) {
                return null; // a nonzero digit below the units, or at least 10^19 > Long.MAX_VALUE
            }
            // Accumulate negatively so that Long.MIN_VALUE is reachable.
            try {
                long acc = 0;
                for (int j = 0; j < end; j++) {
                    acc = Math.subtractExact(Math.multiplyExact(acc, 10L), m.charAt(j) - '0');
                }
                for (long k = 0; k < exponent; k++) {
                    acc = Math.multiplyExact(acc, 10L);
                }
                if (!negative) {
                    acc = Math.negateExact(acc);
                }
                return acc;
            } catch (ArithmeticException overflow) {
                return null;
            }
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
        private int depth;

        Parser(String s) {
            this.s = s;
        }

        ParseException error(String what) {
            return errorAt(pos, what);
        }

        ParseException errorAt(int at, String what) {
            return new ParseException("bad JSON at column " + (at + 1) + ": " + what);
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
                    throw error("unexpected character " + describeChar(s, pos));
            }
        }

        private Object literal(String word, Object value) throws ParseException {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected text, expected " + word);
            }
            pos += word.length();
            return value;
        }

        /** Entered at '{' or '['; the depth bound keeps the recursion far from the thread's stack. */
        private void enter() throws ParseException {
            if (++depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
            pos++;
        }

        private Map<String, Object> object() throws ParseException {
            enter();
            Map<String, Object> map = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                depth--;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw error("expected a \"key\"");
                }
                int keyAt = pos;
                String key = string();
                skipSpace();
                if (peek() != ':') {
                    throw error("expected ':' after " + quote(key));
                }
                pos++;
                skipSpace();
                Object v = value();
                if (map.put(key, v) != null) {
                    throw errorAt(keyAt, "duplicate key " + quote(key));
                }
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    depth--;
                    return map;
                } else {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> array() throws ParseException {
            enter();
            List<Object> list = new ArrayList<>();
            skipSpace();
            if (peek() == ']') {
                pos++;
                depth--;
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
                    depth--;
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
            int highAt = -1; // where an unpaired high surrogate was read, waiting for its low half
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                int at = pos;
                char c = s.charAt(pos++);
                if (c == '"') {
                    if (highAt >= 0) {
                        throw unpaired(highAt, b.charAt(b.length() - 1));
                    }
                    return b.toString();
                }
                if (c < 0x20) {
                    throw errorAt(at, "control character " + describeChar(s, at) + " in string");
                }
                if (c == '\\') {
                    c = escape();
                }
                // Every char, raw or escaped, must make well-formed UTF-16 (see the class comment).
                if (highAt >= 0 && !Character.isLowSurrogate(c)) {
                    throw unpaired(highAt, b.charAt(b.length() - 1));
                }
                if (highAt < 0 && Character.isLowSurrogate(c)) {
                    throw unpaired(at, c);
                }
                highAt = Character.isHighSurrogate(c) ? at : -1;
                b.append(c);
            }
        }

        private ParseException unpaired(int at, char surrogate) {
            return errorAt(at, "unpaired UTF-16 surrogate " + hex4(surrogate)
                    + " in string (not Unicode text; a string must hold whole characters)");
        }

        /** After a backslash: the escaped char. */
        private char escape() throws ParseException {
            if (pos >= s.length()) {
                throw error("unterminated escape");
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u':
                    if (pos + 4 > s.length()) {
                        throw error("short \\u escape");
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(pos + i), 16);
                        if (d < 0 || s.charAt(pos + i) > 'f') { // ASCII hex digits only
                            throw error("bad \\u escape: four hex digits expected");
                        }
                        v = v * 16 + d;
                    }
                    pos += 4;
                    return (char) v;
                default:
                    throw errorAt(pos - 1, "bad escape \\" + describeChar(s, pos - 1));
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
            if (pos - start > MAX_NUMBER_LENGTH) {
                throw errorAt(start, "number longer than " + MAX_NUMBER_LENGTH + " characters ("
                        + (pos - start) + ")");
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

    // ---- messages ----

    /** Longest text quoted whole in a message; longer text is cut and its length given. */
    static final int MESSAGE_TEXT_LIMIT = 64;

    /** {@code text} as a JSON string literal for a message, cut after {@value #MESSAGE_TEXT_LIMIT} characters. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder();
        if (text.length() <= MESSAGE_TEXT_LIMIT) {
            return appendString(b, text).toString();
        }
        int cut = MESSAGE_TEXT_LIMIT;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--; // never split a pair
        }
        appendString(b, text.substring(0, cut));
        b.setLength(b.length() - 1);
        return b.append("...\" (").append(text.length()).append(" characters)").toString();
    }

    /** One character of {@code s} for a message: itself when printable ASCII, else U+XXXX. */
    static String describeChar(String s, int at) {
        int cp = s.codePointAt(at);
        if (cp > 0x20 && cp < 0x7f) {
            return "'" + (char) cp + "'";
        }
        String hex = Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT);
        return "U+" + "0000".substring(Math.min(4, hex.length())) + hex;
    }

    private static String hex4(char c) {
        String hex = Integer.toHexString(c);
        return "\\u" + "0000".substring(hex.length()) + hex;
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

    /** Appends {@code text} as a JSON string literal (non-ASCII characters as they are). */
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
                        b.append(hex4(c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"');
    }
}
