package io.atrion.lab.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader (RFC 8259): no comments, no trailing commas, no NaN or Infinity, no
 * leading zeros, no duplicate keys, no control characters in strings, nothing after the value.
 * Every value remembers its line and column; every error names them. Nesting is limited to
 * {@value #MAX_DEPTH} levels, so hostile input cannot exhaust the stack.
 */
public final class Json {

    /** The one-letter escapes after a backslash, and what each stands for (same positions). */
    private static final String SIMPLE_ESCAPES = "\"\\/bfnrt";
    private static final String SIMPLE_MEANINGS = "\"\\/\b\f\n\r\t";

    /** Deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 64;

    private final String s;
    private int pos;
    private int line = 1;
    private int lineStart;
    private int depth;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one JSON document. */
    public static JsonValue parse(String text) {
        Json p = new Json(text);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            p.pos = 1; // a UTF-8 byte order mark is tolerated
        }
        p.skipWhitespace();
        if (p.pos >= text.length()) {
            throw p.error("the document is empty");
        }
        JsonValue v = p.value();
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw p.error("unexpected " + p.describeHere() + " after the end of the document");
        }
        return v;
    }

    private JsonValue value() {
        int l = line;
        int c = column();
        char ch = s.charAt(pos);
        switch (ch) {
            case '{':
                return object(l, c);
            case '[':
                return array(l, c);
            case '"':
                return JsonValue.string(l, c, string());
            case 't':
                literal("true");
                return JsonValue.bool(l, c, true);
            case 'f':
                literal("false");
                return JsonValue.bool(l, c, false);
            case 'n':
                literal("null");
                return JsonValue.nul(l, c);
            default:
                if (ch == '-' || (ch >= '0' && ch <= '9')) {
                    return JsonValue.number(l, c, numberLiteral());
                }
                throw error("expected a value (object, array, string, number, true, false or null), found "
                        + describeHere());
        }
    }

    private JsonValue object(int l, int c) {
        enter();
        pos++; // {
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return JsonValue.object(l, c, members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name in double quotes, found " + describeHere());
            }
            int keyLine = line;
            int keyColumn = column();
            String key = string();
            if (members.containsKey(key)) {
                throw new JsonException(keyLine, keyColumn, "duplicate member \"" + key + "\"");
            }
            skipWhitespace();
            if (peek() != ':') {
                throw error("expected ':' after the member name \"" + key + "\", found " + describeHere());
            }
            pos++;
            skipWhitespace();
            if (pos >= s.length()) {
                throw error("expected a value for \"" + key + "\", found the end of the document");
            }
            members.put(key, value());
            skipWhitespace();
            char ch = peek();
            if (ch == ',') {
                pos++;
                skipWhitespace();
                if (peek() == '}') {
                    throw error("trailing comma before '}'");
                }
            } else if (ch == '}') {
                pos++;
                depth--;
                return JsonValue.object(l, c, members);
            } else {
                throw error("expected ',' or '}' after the value of \"" + key + "\", found " + describeHere());
            }
        }
    }

    private JsonValue array(int l, int c) {
        enter();
        pos++; // [
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return JsonValue.array(l, c, elements);
        }
        while (true) {
            skipWhitespace();
            if (pos >= s.length()) {
                throw error("expected a value or ']', found the end of the document");
            }
            elements.add(value());
            skipWhitespace();
            char ch = peek();
            if (ch == ',') {
                pos++;
                skipWhitespace();
                if (peek() == ']') {
                    throw error("trailing comma before ']'");
                }
            } else if (ch == ']') {
                pos++;
                depth--;
                return JsonValue.array(l, c, elements);
            } else {
                throw error("expected ',' or ']' after an array element, found " + describeHere());
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char ch = s.charAt(pos);
            if (ch == '"') {
                pos++;
                return b.toString();
            }
            if (ch < 0x20) {
                throw error(ch == '\n' ? "unterminated string (a line break inside a string must be written \\n)"
                        : "control character U+" + String.format("%04X", (int) ch) + " inside a string");
            }
            if (ch == '\\') {
                pos++;
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(pos);
                int simple = SIMPLE_ESCAPES.indexOf(e);
                if (simple >= 0) {
                    b.append(SIMPLE_MEANINGS.charAt(simple));
                } else if (e == 'u') {
                    if (pos + 4 >= s.length()) {
                        throw error("incomplete \\u escape");
                    }
                    int cp = 0;
                    for (int i = 1; i <= 4; i++) {
                        char h = s.charAt(pos + i);
                        int d = h < 128 ? Character.digit(h, 16) : -1;
                        if (d < 0) {
                            throw error("bad \\u escape: four hexadecimal digits expected");
                        }
                        cp = cp * 16 + d;
                    }
                    b.append((char) cp);
                    pos += 4;
                } else {
                    throw error("bad escape \\" + e);
                }
                pos++;
                continue;
            }
            b.append(ch);
            pos++;
        }
    }

    private String numberLiteral() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (Character.isDigit(peek())) {
                throw error("leading zeros are not allowed in a number");
            }
        } else if (Character.isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit after '-'");
        }
        if (peek() == '.') {
            pos++;
            if (!Character.isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!Character.isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        String lit = s.substring(start, pos);
        if (Double.isInfinite(Double.parseDouble(lit))) {
            throw new JsonException(line, start - lineStart + 1, "number " + lit + " is too large for a double");
        }
        return lit;
    }

    private void digits() {
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, pos)) {
            throw error("expected a value (object, array, string, number, true, false or null), found "
                    + describeHere());
        }
        pos += word.length();
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char ch = s.charAt(pos);
            if (ch == '\n') {
                line++;
                lineStart = pos + 1;
            } else if (ch != ' ' && ch != '\t' && ch != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private String describeHere() {
        if (pos >= s.length()) {
            return "the end of the document";
        }
        char ch = s.charAt(pos);
        if (ch == '/' && pos + 1 < s.length() && (s.charAt(pos + 1) == '/' || s.charAt(pos + 1) == '*')) {
            return "a comment (JSON has none)";
        }
        if (Character.isLetter(ch)) {
            int end = pos;
            while (end < s.length() && end - pos < 20 && Character.isLetterOrDigit(s.charAt(end))) {
                end++;
            }
            return "'" + s.substring(pos, end) + "'";
        }
        return ch < 0x20 ? "U+" + String.format("%04X", (int) ch) : "'" + ch + "'";
    }

    private JsonException error(String message) {
        return new JsonException(line, column(), message);
    }
}
