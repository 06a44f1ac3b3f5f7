package io.atrion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Every setting of {@link PhysicsConfig}, {@link Slo} and {@link AutoTunerConfig} under one
 * dotted key: the single mapping from text configuration (the replay header, the browser build's
 * settings, Spring properties) to the config types. Set values by key, then build the configs:
 *
 * <pre>{@code
 * ConfigKeys keys = ConfigKeys.defaults()
 *         .set("config.decayRate", 1.0)
 *         .set("slo.criticality.latency", 7)
 *         .set("autoTuner", false);
 * Atrion atrion = keys.applyTo(Atrion.builder()).build();
 * }</pre>
 *
 * <h2>Keys</h2>
 * <table>
 *   <caption>Every key, its kind and the config field it sets</caption>
 *   <tr><th>key</th><th>kind</th><th>field</th></tr>
 *   <tr><td>{@code config.baseResistance}</td><td>number</td><td>{@link PhysicsConfig#baseResistance()}</td></tr>
 *   <tr><td>{@code config.decayRate}</td><td>number</td><td>{@link PhysicsConfig#decayRate()}</td></tr>
 *   <tr><td>{@code config.scarFactor}</td><td>number</td><td>{@link PhysicsConfig#scarFactor()}</td></tr>
 *   <tr><td>{@code config.dampingFactor}</td><td>number</td><td>{@link PhysicsConfig#dampingFactor()}</td></tr>
 *   <tr><td>{@code config.criticalPressure}</td><td>number</td><td>{@link PhysicsConfig#criticalPressure()}</td></tr>
 *   <tr><td>{@code config.breakMultiplier}</td><td>number</td><td>{@link PhysicsConfig#breakMultiplier()}</td></tr>
 *   <tr><td>{@code config.bootstrapTicks}</td><td>integer</td><td>{@link PhysicsConfig#bootstrapTicks()}</td></tr>
 *   <tr><td>{@code config.tanhScale}</td><td>number</td><td>{@link PhysicsConfig#tanhScale()}</td></tr>
 *   <tr><td>{@code slo.baselineLatencyMs}</td><td>number</td><td>{@link Slo#baselineLatencyMs()}</td></tr>
 *   <tr><td>{@code slo.maxAcceptableLatencyMs}</td><td>number</td><td>{@link Slo#maxAcceptableLatencyMs()}</td></tr>
 *   <tr><td>{@code slo.targetErrorRate}</td><td>number</td><td>{@link Slo#targetErrorRate()}</td></tr>
 *   <tr><td>{@code slo.baselineSaturation}</td><td>number</td><td>{@link Slo#baselineSaturation()}</td></tr>
 *   <tr><td>{@code slo.criticality.latency}</td><td>number</td><td>{@link Slo#latencyCriticality()}</td></tr>
 *   <tr><td>{@code slo.criticality.error}</td><td>number</td><td>{@link Slo#errorCriticality()}</td></tr>
 *   <tr><td>{@code slo.criticality.saturation}</td><td>number</td><td>{@link Slo#saturationCriticality()}</td></tr>
 *   <tr><td>{@code autoTuner}</td><td>boolean</td><td>on/off: {@link #autoTuner()} is null when off</td></tr>
 *   <tr><td>{@code autoTuner.windowSize}</td><td>integer</td><td>{@link AutoTunerConfig#windowSize()}</td></tr>
 *   <tr><td>{@code autoTuner.sensitivity}</td><td>number</td><td>{@link AutoTunerConfig#sensitivity()}</td></tr>
 *   <tr><td>{@code autoTuner.minFloor}</td><td>number</td><td>{@link AutoTunerConfig#minFloor()}</td></tr>
 *   <tr><td>{@code autoTuner.hardCeiling}</td><td>number</td><td>{@link AutoTunerConfig#hardCeiling()}</td></tr>
 *   <tr><td>{@code autoTuner.warmupTicks}</td><td>integer</td><td>{@link AutoTunerConfig#warmupTicks()}</td></tr>
 *   <tr><td>{@code autoTuner.recoveryMultiplier}</td><td>number</td><td>{@link AutoTunerConfig#recoveryMultiplier()}</td></tr>
 * </table>
 * The {@code config.*} keys are the field names of SPEC.md §2.1 and the nesting is that of the
 * replay header (SPEC §8): {@code {"config": {"decayRate": 1}}} is {@code config.decayRate}.
 * Defaults, ranges and meanings are those of the three config types. {@link #keys()} lists the
 * keys in this order.
 *
 * <h2>Values and errors</h2>
 * {@link #set(String, double)}, {@link #set(String, long)}, {@link #set(String, boolean)} and
 * {@link #set(String, String)} take a value of the key's {@linkplain #kind(String) kind}: an
 * integer key takes an integral number within {@code int} range; {@code autoTuner} takes
 * true/false (or 1/0 as a number, "true"/"false" as text). A wrong key or kind throws
 * {@link IllegalArgumentException} at once, naming the key. Ranges are checked when a config is
 * built ({@link #physics()}, {@link #slo()}, {@link #autoTuner()}, {@link #applyTo}) by the
 * config types' own constructors, the one place each domain is written; the message then names
 * the dotted key ({@code "config.baseResistance must be ..."}) rather than the Java field. The
 * AutoTuner's values are checked even while it is off.
 *
 * <h2>For the browser build and other integrations</h2>
 * This class is compiled to WebAssembly and JavaScript by TeaVM (atrion-web), so its code path
 * uses no reflection, no {@code String.format} and no regular expressions: a key is found by a
 * loop over a fixed table, numbers are parsed by a hand-written check and
 * {@link Double#parseDouble}. A browser API can pass {@code (key, double)} pairs straight to
 * {@link #set(String, double)}; a property source (Spring) can pass {@code (key, String)} pairs to
 * {@link #set(String, String)} after stripping its own prefix (e.g. {@code atrion.}); both then
 * call {@link #applyTo} or the three build methods. Keys are case-sensitive and in camelCase
 * (relaxed forms such as {@code base-resistance} are the integration's to translate).
 *
 * <p>Adding a config field: add the record component and its builder setter, then one constant
 * to the table here and one argument to the build method of its record; a test fails until every
 * record component has its key.
 *
 * <p>Not thread-safe: an instance is a mutable staging area, like a builder.
 */
public final class ConfigKeys {

    /** The kind of value a key takes. */
    public enum Kind {
        /** Any finite double (within the field's range). */
        NUMBER,
        /** An integral value within {@code int} range (within the field's range). */
        INTEGER,
        /** True or false. */
        BOOLEAN
    }

    /** The table: one constant per key, in the order of {@link #keys()}. */
    private enum Key {
        BASE_RESISTANCE("config.baseResistance", Kind.NUMBER, "PhysicsConfig.baseResistance"),
        DECAY_RATE("config.decayRate", Kind.NUMBER, "PhysicsConfig.decayRate"),
        SCAR_FACTOR("config.scarFactor", Kind.NUMBER, "PhysicsConfig.scarFactor"),
        DAMPING_FACTOR("config.dampingFactor", Kind.NUMBER, "PhysicsConfig.dampingFactor"),
        CRITICAL_PRESSURE("config.criticalPressure", Kind.NUMBER, "PhysicsConfig.criticalPressure"),
        BREAK_MULTIPLIER("config.breakMultiplier", Kind.NUMBER, "PhysicsConfig.breakMultiplier"),
        BOOTSTRAP_TICKS("config.bootstrapTicks", Kind.INTEGER, "PhysicsConfig.bootstrapTicks"),
        TANH_SCALE("config.tanhScale", Kind.NUMBER, "PhysicsConfig.tanhScale"),
        BASELINE_LATENCY_MS("slo.baselineLatencyMs", Kind.NUMBER, "Slo.baselineLatencyMs"),
        MAX_ACCEPTABLE_LATENCY_MS("slo.maxAcceptableLatencyMs", Kind.NUMBER, "Slo.maxAcceptableLatencyMs"),
        TARGET_ERROR_RATE("slo.targetErrorRate", Kind.NUMBER, "Slo.targetErrorRate"),
        BASELINE_SATURATION("slo.baselineSaturation", Kind.NUMBER, "Slo.baselineSaturation"),
        LATENCY_CRITICALITY("slo.criticality.latency", Kind.NUMBER, "Slo.criticality.latency"),
        ERROR_CRITICALITY("slo.criticality.error", Kind.NUMBER, "Slo.criticality.error"),
        SATURATION_CRITICALITY("slo.criticality.saturation", Kind.NUMBER, "Slo.criticality.saturation"),
        AUTO_TUNER("autoTuner", Kind.BOOLEAN, null),
        WINDOW_SIZE("autoTuner.windowSize", Kind.INTEGER, "AutoTunerConfig.windowSize"),
        SENSITIVITY("autoTuner.sensitivity", Kind.NUMBER, "AutoTunerConfig.sensitivity"),
        MIN_FLOOR("autoTuner.minFloor", Kind.NUMBER, "AutoTunerConfig.minFloor"),
        HARD_CEILING("autoTuner.hardCeiling", Kind.NUMBER, "AutoTunerConfig.hardCeiling"),
        WARMUP_TICKS("autoTuner.warmupTicks", Kind.INTEGER, "AutoTunerConfig.warmupTicks"),
        RECOVERY_MULTIPLIER("autoTuner.recoveryMultiplier", Kind.NUMBER, "AutoTunerConfig.recoveryMultiplier");

        final String key;
        final Kind kind;
        /** How the config type's constructor names the field in its messages; null for autoTuner. */
        final String label;

        Key(String key, Kind kind, String label) {
            this.key = key;
            this.kind = kind;
            this.label = label;
        }
    }

    private static final Key[] TABLE = Key.values();
    private static final List<String> KEYS;

    static {
        List<String> keys = new ArrayList<>(TABLE.length);
        for (Key k : TABLE) {
            keys.add(k.key);
        }
        KEYS = Collections.unmodifiableList(keys);
    }

    /** One value per key, by ordinal; integers and booleans (1/0) are exact in a double. */
    private final double[] values = new double[TABLE.length];

    private ConfigKeys(PhysicsConfig physics, Slo slo, AutoTunerConfig autoTuner) {
        AutoTunerConfig t = autoTuner != null ? autoTuner : AutoTunerConfig.defaults();
        for (Key k : TABLE) {
            values[k.ordinal()] = read(k, physics, slo, t, autoTuner != null);
        }
    }

    /** Every default: {@link PhysicsConfig#defaults()}, {@link Slo#defaults()}, the AutoTuner on with its defaults. */
    public static ConfigKeys defaults() {
        return new ConfigKeys(PhysicsConfig.defaults(), Slo.defaults(), AutoTunerConfig.defaults());
    }

    /**
     * The values of existing configs, e.g. to change a few keys of a running configuration.
     *
     * @param autoTuner the tuner's settings, or null for {@code autoTuner} off (its keys then
     *                  hold the defaults)
     */
    public static ConfigKeys of(PhysicsConfig physics, Slo slo, AutoTunerConfig autoTuner) {
        return new ConfigKeys(Objects.requireNonNull(physics, "physics must not be null"),
                Objects.requireNonNull(slo, "slo must not be null"), autoTuner);
    }

    /** Every key, in the order of the table above (unmodifiable). */
    public static List<String> keys() {
        return KEYS;
    }

    /** Whether {@code key} is one of {@link #keys()} (exact, case-sensitive). */
    public static boolean isKey(String key) {
        return find(key) != null;
    }

    /**
     * The kind of value {@code key} takes.
     *
     * @throws IllegalArgumentException for an unknown key
     */
    public static Kind kind(String key) {
        return lookup(key).kind;
    }

    /**
     * Sets a number. An {@link Kind#INTEGER} key needs an integral value within {@code int}
     * range; the boolean key {@code autoTuner} takes 1 (on) or 0 (off).
     *
     * @throws IllegalArgumentException naming the key when it is unknown or the value is not of its kind
     */
    public ConfigKeys set(String key, double value) {
        Key k = lookup(key);
        if (k.kind == Kind.INTEGER && value != Math.rint(value)) {
            throw new IllegalArgumentException(k.key + " must be an integer, got " + value);
        }
        if (k.kind == Kind.INTEGER && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            throw outOfIntRange(k, Double.toString(value));
        }
        if (k.kind == Kind.BOOLEAN && value != 0 && value != 1) {
            throw new IllegalArgumentException(k.key + " must be true or false (1 or 0), got " + value);
        }
        values[k.ordinal()] = value;
        return this;
    }

    /**
     * Sets an integer; the same rules as {@link #set(String, double)}.
     *
     * @throws IllegalArgumentException naming the key when it is unknown or the value is not of its kind
     */
    public ConfigKeys set(String key, long value) {
        Key k = lookup(key);
        if (k.kind == Kind.INTEGER && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
            throw outOfIntRange(k, Long.toString(value));
        }
        return set(k.key, (double) value); // exact for every int, and for 0/1
    }

    /**
     * Sets the boolean key ({@code autoTuner}).
     *
     * @throws IllegalArgumentException naming the key when it is unknown or takes a number
     */
    public ConfigKeys set(String key, boolean value) {
        Key k = lookup(key);
        if (k.kind != Kind.BOOLEAN) {
            throw new IllegalArgumentException(k.key + " must be " + (k.kind == Kind.INTEGER ? "an integer" : "a number")
                    + ", got " + value);
        }
        values[k.ordinal()] = value ? 1 : 0;
        return this;
    }

    /**
     * Sets a value from text, as a property file holds it: a decimal number such as {@code 10},
     * {@code -0.5} or {@code 2.5e-3} (or {@code NaN}/{@code Infinity}, which the range checks
     * then reject), or {@code true}/{@code false} for {@code autoTuner}. Surrounding spaces are
     * ignored; hexadecimal forms and Java's {@code d}/{@code f} suffixes are not numbers here.
     *
     * @throws IllegalArgumentException naming the key when it is unknown or the text is not of its kind
     */
    public ConfigKeys set(String key, String text) {
        Key k = lookup(key);
        Objects.requireNonNull(text, k.key + " must not be null");
        String t = text.trim();
        if (k.kind == Kind.BOOLEAN) {
            if (t.equals("true") || t.equals("false")) {
                return set(k.key, t.equals("true"));
            }
            throw new IllegalArgumentException(k.key + " must be true or false, got '" + text + "'");
        }
        if (!isDecimal(t) && !t.equals("NaN") && !t.equals("Infinity") && !t.equals("-Infinity")) {
            throw new IllegalArgumentException(k.key + " must be " + (k.kind == Kind.INTEGER ? "an integer" : "a number")
                    + ", got '" + text + "'");
        }
        return set(k.key, Double.parseDouble(t));
    }

    /**
     * The current value of {@code key}: a {@link Double}, an {@link Integer} for an integer key,
     * or a {@link Boolean} for {@code autoTuner}.
     *
     * @throws IllegalArgumentException for an unknown key
     */
    public Object get(String key) {
        Key k = lookup(key);
        double v = values[k.ordinal()];
        switch (k.kind) {
            case INTEGER:
                return (int) v;
            case BOOLEAN:
                return v != 0;
            default:
                return v;
        }
    }

    /**
     * Builds the {@link PhysicsConfig} of the {@code config.*} keys.
     *
     * @throws IllegalArgumentException naming the dotted key of the first field out of range
     */
    public PhysicsConfig physics() {
        try {
            return new PhysicsConfig(v(Key.BASE_RESISTANCE), v(Key.DECAY_RATE), v(Key.SCAR_FACTOR),
                    v(Key.DAMPING_FACTOR), v(Key.CRITICAL_PRESSURE), v(Key.BREAK_MULTIPLIER),
                    (int) v(Key.BOOTSTRAP_TICKS), v(Key.TANH_SCALE));
        } catch (IllegalArgumentException e) {
            throw renamed(e);
        }
    }

    /**
     * Builds the {@link Slo} of the {@code slo.*} keys.
     *
     * @throws IllegalArgumentException naming the dotted key of the first field out of range
     */
    public Slo slo() {
        try {
            return new Slo(v(Key.BASELINE_LATENCY_MS), v(Key.MAX_ACCEPTABLE_LATENCY_MS), v(Key.TARGET_ERROR_RATE),
                    v(Key.BASELINE_SATURATION), v(Key.LATENCY_CRITICALITY), v(Key.ERROR_CRITICALITY),
                    v(Key.SATURATION_CRITICALITY));
        } catch (IllegalArgumentException e) {
            throw renamed(e);
        }
    }

    /** Whether the {@code autoTuner} key is on. */
    public boolean autoTunerEnabled() {
        return v(Key.AUTO_TUNER) != 0;
    }

    /**
     * Builds the {@link AutoTunerConfig} of the {@code autoTuner.*} keys, or returns null when
     * {@code autoTuner} is off (after checking the values all the same).
     *
     * @throws IllegalArgumentException naming the dotted key of the first field out of range
     */
    public AutoTunerConfig autoTuner() {
        AutoTunerConfig config;
        try {
            config = new AutoTunerConfig((int) v(Key.WINDOW_SIZE), v(Key.SENSITIVITY), v(Key.MIN_FLOOR),
                    v(Key.HARD_CEILING), (int) v(Key.WARMUP_TICKS), v(Key.RECOVERY_MULTIPLIER));
        } catch (IllegalArgumentException e) {
            throw renamed(e);
        }
        return autoTunerEnabled() ? config : null;
    }

    /**
     * Builds the three configs and gives them to {@code builder} ({@code physics}, {@code slo},
     * {@code autoTuner}, null when off); other settings of the builder are left as they are.
     *
     * @return {@code builder}
     * @throws IllegalArgumentException naming the dotted key of the first field out of range
     */
    public Atrion.Builder applyTo(Atrion.Builder builder) {
        PhysicsConfig physics = physics();
        Slo slo = slo();
        AutoTunerConfig tuner = autoTuner();
        return builder.physics(physics).slo(slo).autoTuner(tuner);
    }

    /** Every {@code key=value}, in the order of {@link #keys()}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ConfigKeys{");
        for (Key k : TABLE) {
            if (k.ordinal() > 0) {
                b.append(", ");
            }
            b.append(k.key).append('=').append(get(k.key));
        }
        return b.append('}').toString();
    }

    // ---- the table's two directions ----

    /** The value of {@code k} in existing configs (the inverse of the build methods). */
    private static double read(Key k, PhysicsConfig p, Slo s, AutoTunerConfig t, boolean tunerOn) {
        switch (k) {
            case BASE_RESISTANCE: return p.baseResistance();
            case DECAY_RATE: return p.decayRate();
            case SCAR_FACTOR: return p.scarFactor();
            case DAMPING_FACTOR: return p.dampingFactor();
            case CRITICAL_PRESSURE: return p.criticalPressure();
            case BREAK_MULTIPLIER: return p.breakMultiplier();
            case BOOTSTRAP_TICKS: return p.bootstrapTicks();
            case TANH_SCALE: return p.tanhScale();
            case BASELINE_LATENCY_MS: return s.baselineLatencyMs();
            case MAX_ACCEPTABLE_LATENCY_MS: return s.maxAcceptableLatencyMs();
            case TARGET_ERROR_RATE: return s.targetErrorRate();
            case BASELINE_SATURATION: return s.baselineSaturation();
            case LATENCY_CRITICALITY: return s.latencyCriticality();
            case ERROR_CRITICALITY: return s.errorCriticality();
            case SATURATION_CRITICALITY: return s.saturationCriticality();
            case AUTO_TUNER: return tunerOn ? 1 : 0;
            case WINDOW_SIZE: return t.windowSize();
            case SENSITIVITY: return t.sensitivity();
            case MIN_FLOOR: return t.minFloor();
            case HARD_CEILING: return t.hardCeiling();
            case WARMUP_TICKS: return t.warmupTicks();
            case RECOVERY_MULTIPLIER: return t.recoveryMultiplier();
            default: throw new AssertionError(k);
        }
    }

    private double v(Key k) {
        return values[k.ordinal()];
    }

    // ---- helpers ----

    private static Key find(String key) {
        if (key != null) {
            for (Key k : TABLE) {
                if (k.key.equals(key)) {
                    return k;
                }
            }
        }
        return null;
    }

    private static Key lookup(String key) {
        Key k = find(key);
        if (k == null) {
            throw new IllegalArgumentException("unknown setting '" + key + "' (known: " + String.join(", ", KEYS) + ")");
        }
        return k;
    }

    /**
     * The config types name a field by its Java label ("PhysicsConfig.baseResistance must be");
     * the same message with the dotted key in its place. Every message of their constructors
     * starts with the label of the field it rejects.
     */
    private static IllegalArgumentException renamed(IllegalArgumentException e) {
        String m = e.getMessage();
        if (m != null) {
            for (Key k : TABLE) {
                if (k.label != null && m.startsWith(k.label) && m.startsWith(" ", k.label.length())) {
                    return new IllegalArgumentException(k.key + m.substring(k.label.length()), e);
                }
            }
        }
        return e;
    }

    private static IllegalArgumentException outOfIntRange(Key k, String value) {
        return new IllegalArgumentException(k.key + " must be an integer in [" + Integer.MIN_VALUE + ", "
                + Integer.MAX_VALUE + "], got " + value);
    }

    /** {@code [+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)?}, without a regex. */
    private static boolean isDecimal(String t) {
        int n = t.length();
        int i = skipSign(t, 0);
        int intEnd = skipDigits(t, i);
        int fracEnd = intEnd;
        if (intEnd < n && t.charAt(intEnd) == '.') {
            fracEnd = skipDigits(t, intEnd + 1);
        }
        int digits = (intEnd - i) + Math.max(0, fracEnd - intEnd - 1);
        if (digits == 0) {
            return false;
        }
        i = fracEnd;
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            int expStart = skipSign(t, i + 1);
            i = skipDigits(t, expStart);
            if (i == expStart) {
                return false;
            }
        }
        return i == n;
    }

    private static int skipSign(String t, int i) {
        return i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-') ? i + 1 : i;
    }

    private static int skipDigits(String t, int i) {
        while (i < t.length() && isDigit(t.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
