package io.atrion.lab.json;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One value of a parsed JSON document, with the line and column where it starts (1-based), so
 * that whoever reads it can name the place of a problem. Numbers keep their text and its
 * {@link Double#parseDouble} value: the double nearest to the decimal written, as a Java literal
 * with the same digits would give.
 */
public final class JsonValue {

    /** What a value is. */
    public enum Kind {
        OBJECT("an object"),
        ARRAY("an array"),
        STRING("a string"),
        NUMBER("a number"),
        BOOLEAN("true or false"),
        NULL("null");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** "an object", "a number", ... for error messages. */
        public String text() {
            return text;
        }
    }

    private final Kind kind;
    private final int line;
    private final int column;
    private final Map<String, JsonValue> members;
    private final List<JsonValue> elements;
    private final String text;
    private final double number;
    private final boolean bool;

    private JsonValue(Kind kind, int line, int column, Map<String, JsonValue> members, List<JsonValue> elements,
                      String text, double number, boolean bool) {
        this.kind = kind;
        this.line = line;
        this.column = column;
        this.members = members;
        this.elements = elements;
        this.text = text;
        this.number = number;
        this.bool = bool;
    }

    static JsonValue object(int line, int column, Map<String, JsonValue> members) {
        return new JsonValue(Kind.OBJECT, line, column, Collections.unmodifiableMap(members), null, null, 0, false);
    }

    static JsonValue array(int line, int column, List<JsonValue> elements) {
        return new JsonValue(Kind.ARRAY, line, column, null, Collections.unmodifiableList(elements), null, 0, false);
    }

    static JsonValue string(int line, int column, String s) {
        return new JsonValue(Kind.STRING, line, column, null, null, s, 0, false);
    }

    static JsonValue number(int line, int column, String literal) {
        return new JsonValue(Kind.NUMBER, line, column, null, null, literal, Double.parseDouble(literal), false);
    }

    static JsonValue bool(int line, int column, boolean b) {
        return new JsonValue(Kind.BOOLEAN, line, column, null, null, null, 0, b);
    }

    static JsonValue nul(int line, int column) {
        return new JsonValue(Kind.NULL, line, column, null, null, null, 0, false);
    }

    public Kind kind() {
        return kind;
    }

    /** 1-based line where the value starts. */
    public int line() {
        return line;
    }

    /** 1-based column where the value starts. */
    public int column() {
        return column;
    }

    public boolean is(Kind k) {
        return kind == k;
    }

    /** Members of an object, in document order (unmodifiable). */
    public Map<String, JsonValue> members() {
        check(Kind.OBJECT);
        return members;
    }

    /** Elements of an array (unmodifiable). */
    public List<JsonValue> elements() {
        check(Kind.ARRAY);
        return elements;
    }

    /** A string's value, or a number's literal text. */
    public String text() {
        if (kind != Kind.STRING && kind != Kind.NUMBER) {
            throw new IllegalStateException("not a string or number: " + kind);
        }
        return text;
    }

    /** A number's value. */
    public double number() {
        check(Kind.NUMBER);
        return number;
    }

    public boolean bool() {
        check(Kind.BOOLEAN);
        return bool;
    }

    private void check(Kind k) {
        if (kind != k) {
            throw new IllegalStateException("not " + k.text() + ": " + kind.text());
        }
    }
}
