package io.atrion.lab.json;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes JSON with two-space indentation. Doubles are written with {@link Double#toString}, which
 * reads back ({@link Double#parseDouble}) as the same double; NaN and infinities, which JSON
 * cannot hold, are written as {@code null}.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    /** Per open container: whether it has an element yet. */
    private final Deque<boolean[]> stack = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        prefix();
        out.append('{');
        stack.push(new boolean[1]);
        return this;
    }

    public JsonWriter endObject() {
        return end('}');
    }

    public JsonWriter beginArray() {
        prefix();
        out.append('[');
        stack.push(new boolean[1]);
        return this;
    }

    public JsonWriter endArray() {
        return end(']');
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        prefix();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(String v) {
        if (v == null) {
            return nullValue();
        }
        prefix();
        string(v);
        return this;
    }

    public JsonWriter value(double v) {
        if (!Double.isFinite(v)) {
            return nullValue();
        }
        prefix();
        out.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
        return this;
    }

    public JsonWriter value(long v) {
        prefix();
        out.append(v);
        return this;
    }

    public JsonWriter value(boolean v) {
        prefix();
        out.append(v);
        return this;
    }

    public JsonWriter nullValue() {
        prefix();
        out.append("null");
        return this;
    }

    /** The document, with a final newline. */
    @Override
    public String toString() {
        return out + "\n";
    }

    private JsonWriter end(char c) {
        boolean[] top = stack.pop();
        if (top[0]) {
            newline();
        }
        out.append(c);
        return this;
    }

    private void prefix() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!stack.isEmpty()) {
            boolean[] top = stack.peek();
            if (top[0]) {
                out.append(',');
            }
            top[0] = true;
            newline();
        }
    }

    private void newline() {
        out.append('\n');
        for (int i = 0; i < stack.size(); i++) {
            out.append("  ");
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
