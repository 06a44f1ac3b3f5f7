package io.atrion.lab.scenarios;

/**
 * A scenario file that cannot be used: the message names the file, the line and the field (a
 * path such as {@code traffic[0].tiers[1].voltage}) and says what is wrong.
 */
public final class ScenarioFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String origin;
    private final int line;
    private final String field;

    ScenarioFormatException(String origin, int line, String field, String problem) {
        super(origin + ": line " + line + (field.isEmpty() ? "" : ": " + field) + ": " + problem);
        this.origin = origin;
        this.line = line;
        this.field = field;
    }

    /** The file (or resource) name. */
    public String origin() {
        return origin;
    }

    /** 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** Path of the field, e.g. {@code call.service.latencyMs[2]}; empty for the document itself. */
    public String field() {
        return field;
    }
}
