package io.atrion.internal.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link FdlibmMath} against {@link StrictMath}, bit for bit (raw bits, so -0.0 and 0.0 differ;
 * for NaN it is enough that both results are NaN).
 *
 * <p>Each function gets (a) its special and edge arguments: ±0, ±MIN_VALUE, subnormals,
 * ±MIN_NORMAL, ±MAX_VALUE, ±∞, several NaN bit patterns, every branch threshold of the
 * algorithm (as a high-word boundary or as a value) with its neighbours, and the reduction
 * midpoints (k + 1/2)·ln2 of every k; and (b) random arguments from a fixed seed, drawn
 * uniformly over raw bit patterns, uniformly over the ranges the physics uses, and
 * log-uniformly over the magnitudes where the algorithm branches. Arguments compared per run
 * (JDK 17.0.15, x86-64):
 * <ul>
 *   <li>tanh: 16,040,568 (40,568 edge + 16,000,000 random)</li>
 *   <li>expm1: 12,050,784 (50,784 edge + 12,000,000 random)</li>
 *   <li>exp: 16,061,102 (61,102 edge + 16,000,000 random)</li>
 *   <li>log: 16,177,508 (177,508 edge + 16,000,000 random)</li>
 * </ul>
 * about 60 million in total, 0 mismatches, in about 2 s on a 2-core machine
 * ({@code -Datrion.fdlibm.report=true} prints the counts). Setting
 * {@code -Datrion.fdlibm.exhaustive=true} also runs {@link #everyHighWord()}: every one of the
 * 2^32 high words with a random low word, per function (17.2 billion arguments, 0 mismatches,
 * about 2.5 minutes on 2 cores).
 *
 * <p>expm1 is tested because tanh is built on it and because it is public.
 */
class FdlibmMathTest {

    private static final long SEED = 0x5EED_F0D1_1B5EL;
    /** Random arguments per generator; four generators per function (three for expm1). */
    private static final int RANDOM_PER_GENERATOR = 4_000_000;

    private static final double LN2 = 0.6931471805599453;

    /** Counts arguments and mismatches of one function; keeps the first few mismatches. */
    private static final class Comparison {
        private final String name;
        private final DoubleUnaryOperator port;
        private final DoubleUnaryOperator reference;
        private final LongAdder compared = new LongAdder();
        private final LongAdder mismatches = new LongAdder();
        private final List<String> examples = new ArrayList<>();

        Comparison(String name, DoubleUnaryOperator port, DoubleUnaryOperator reference) {
            this.name = name;
            this.port = port;
            this.reference = reference;
        }

        void check(double x) {
            double actual = port.applyAsDouble(x);
            double expected = reference.applyAsDouble(x);
            compared.increment();
            if (Double.isNaN(actual) && Double.isNaN(expected)) {
                return;
            }
            if (Double.doubleToRawLongBits(actual) != Double.doubleToRawLongBits(expected)) {
                mismatches.increment();
                synchronized (examples) {
                    if (examples.size() < 20) {
                        examples.add(String.format("%s(%s = %s): got %s = %s, StrictMath %s = %s", name,
                                hex(x), x, hex(actual), actual, hex(expected), expected));
                    }
                }
            }
        }

        void checkAll(double[] xs) {
            for (double x : xs) {
                check(x);
            }
        }

        void assertNoMismatch() {
            if (Boolean.getBoolean("atrion.fdlibm.report")) {
                System.out.println(name + ": " + compared.sum() + " arguments, " + mismatches.sum() + " mismatches");
            }
            assertEquals(0, mismatches.sum(), () -> mismatches.sum() + " of " + compared.sum() + " "
                    + name + " results differ from StrictMath, e.g.\n" + String.join("\n", examples));
        }
    }

    private static String hex(double d) {
        return String.format("0x%016x", Double.doubleToRawLongBits(d));
    }

    private static Comparison tanh() {
        return new Comparison("tanh", FdlibmMath::tanh, StrictMath::tanh);
    }

    private static Comparison expm1() {
        return new Comparison("expm1", FdlibmMath::expm1, StrictMath::expm1);
    }

    private static Comparison exp() {
        return new Comparison("exp", FdlibmMath::exp, StrictMath::exp);
    }

    private static Comparison log() {
        return new Comparison("log", FdlibmMath::log, StrictMath::log);
    }

    // ---------------------------------------------------------------- edge arguments

    /** A growable list of arguments. */
    private static final class Args {
        private double[] values = new double[1024];
        private int size;

        Args add(double x) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = x;
            return this;
        }

        Args addBits(long bits) {
            return add(Double.longBitsToDouble(bits));
        }

        /** {@code x}, {@code -x} and their {@code n} nearest neighbours on each side. */
        Args around(double x, int n) {
            for (double s : new double[] {x, -x}) {
                add(s);
                double up = s;
                double down = s;
                for (int i = 0; i < n; i++) {
                    up = Math.nextUp(up);
                    down = Math.nextDown(down);
                    add(up).add(down);
                }
            }
            return this;
        }

        /**
         * Both signs of the first and last doubles whose high word is {@code hw}, and of their
         * neighbours: the doubles on either side of a fdlibm high-word comparison.
         */
        Args highWord(int hw) {
            long first = (long) hw << 32;
            long last = first | 0xffffffffL;
            for (long b : new long[] {first - 2, first - 1, first, first + 1, first + 2,
                    last - 1, last, last + 1, last + 2}) {
                if (b >= 0 && b <= 0x7fffffffffffffffL) {
                    addBits(b).addBits(b | 0x8000000000000000L);
                }
            }
            return this;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    /** Arguments every function is checked on. */
    private static Args commonEdges() {
        Args a = new Args();
        a.around(0.0, 3).around(Double.MIN_VALUE, 3).around(Double.MIN_NORMAL, 3)
                .around(Double.MAX_VALUE, 3).add(Double.POSITIVE_INFINITY).add(Double.NEGATIVE_INFINITY)
                .addBits(0x7ff8000000000000L).addBits(0xfff8000000000000L) // quiet NaNs
                .addBits(0x7ff0000000000001L).addBits(0xfff0000000000001L) // signalling NaNs
                .addBits(0x7fffffffffffffffL).addBits(0xffffffffffffffffL)
                .addBits(0x000fffffffffffffL).addBits(0x0008000000000000L).addBits(0x0000000100000000L)
                .addBits(0x00000000ffffffffL).addBits(0x800fffffffffffffL).addBits(0x8000000000000001L);
        // Powers of two (normal and subnormal) and their neighbours.
        for (int e = -1074; e <= 1023; e++) {
            a.around(Math.scalb(1.0, e), 2);
        }
        // Small integers, halves and tenths.
        for (int i = -1100; i <= 1100; i++) {
            a.around(i, 1).add(i + 0.5).add(i / 10.0);
        }
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < 1000; i++) {
            a.addBits(r.nextLong() & 0x800fffffffffffffL); // random subnormals of both signs
        }
        return a;
    }

    /** The reduction midpoints (k + 1/2)·ln2 (and /2 for tanh's 2|x|) with neighbours. */
    private static void reductionMidpoints(Args a, int kMin, int kMax, double scale) {
        for (int k = kMin; k <= kMax; k++) {
            a.around((k + 0.5) * LN2 * scale, 2);
        }
    }

    private static double[] tanhEdges() {
        Args a = commonEdges();
        a.highWord(0x3c800000).highWord(0x3ff00000).highWord(0x40360000).highWord(0x7ff00000); // 2^-55, 1, 22
        a.around(0x1.0p-55, 4).around(1.0, 4).around(22.0, 4);
        // The thresholds of expm1 as seen through 2|x|: 0.5 ln2, 1.5 ln2, 56 ln2.
        for (int hw : new int[] {0x3fd62e42, 0x3FF0A2B2, 0x4043687A}) {
            a.highWord(hw - 0x00100000);
        }
        reductionMidpoints(a, -2, 70, 0.5);
        return a.toArray();
    }

    private static double[] expm1Edges() {
        Args a = commonEdges();
        for (int hw : new int[] {0x3c900000, 0x3fd62e42, 0x3FF0A2B2, 0x4043687A, 0x40862E42, 0x7ff00000}) {
            a.highWord(hw);
        }
        a.around(7.09782712893383973096e+02, 4).around(709.782712893384, 4)
                .around(0.5 * LN2, 4).around(1.5 * LN2, 4).around(56 * LN2, 4)
                .around(LN2 - 0.25, 4); // k = 1 with reduced argument -0.25
        reductionMidpoints(a, -60, 1030, 1.0); // covers k = -2, 20, 56
        return a.toArray();
    }

    private static double[] expEdges() {
        Args a = commonEdges();
        for (int hw : new int[] {0x3e300000, 0x3fd62e42, 0x3FF0A2B2, 0x40862E42, 0x7ff00000}) {
            a.highWord(hw);
        }
        a.around(709.782712893384, 8).around(-745.1332191019411, 8)
                .around(7.09782712893383973096e+02, 8).around(-7.45133219101941108420e+02, 8)
                .around(0.5 * LN2, 4).around(1.5 * LN2, 4).around(0x1.0p-28, 4)
                .around(-708.3964185322641, 4) // exp(x) = MIN_NORMAL: start of subnormal results
                .around(-1021 * LN2, 4).around(-1021.5 * LN2, 4); // k = -1021 scaling switch
        reductionMidpoints(a, -1080, 1030, 1.0);
        return a.toArray();
    }

    private static double[] logEdges() {
        Args a = commonEdges();
        a.around(1.0, 1000).around(2.0, 100).around(0.5, 100).around(Math.E, 4)
                .around(Math.sqrt(2), 4).around(Math.sqrt(0.5), 4);
        // Fraction thresholds of the algorithm in every binade: |f| < 2^-20 (fraction high bits
        // 0xffffe..0x00002), the sqrt(2) normalization (0x6a09c..0x6a09e) and the large-|f|
        // band 0x6147a..0x6b851.
        int[] fractionHighWords = {0x00000, 0x00001, 0x00002, 0x00003, 0xffffc, 0xffffd, 0xffffe, 0xfffff,
            0x6147a, 0x6b851, 0x6a09c, 0x6a09d, 0x6a09e};
        for (int e = 1; e <= 2046; e++) {
            for (int f : fractionHighWords) {
                long b = ((long) ((e << 20) | f)) << 32;
                a.addBits(b).addBits(b + 1).addBits(b | 0xffffffffL).addBits(b - 1).addBits(b | 0x80000000L);
            }
        }
        return a.toArray();
    }

    @Test
    void tanhEdgeArguments() {
        Comparison c = tanh();
        c.checkAll(tanhEdges());
        c.assertNoMismatch();
    }

    @Test
    void expm1EdgeArguments() {
        Comparison c = expm1();
        c.checkAll(expm1Edges());
        c.assertNoMismatch();
    }

    @Test
    void expEdgeArguments() {
        Comparison c = exp();
        c.checkAll(expEdges());
        c.assertNoMismatch();
    }

    @Test
    void logEdgeArguments() {
        Comparison c = log();
        c.checkAll(logEdges());
        c.assertNoMismatch();
    }

    @Test
    void specialValuesAsDocumented() {
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FdlibmMath.tanh(-0.0)));
        assertEquals(1.0, FdlibmMath.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, FdlibmMath.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(-1.0, FdlibmMath.expm1(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, FdlibmMath.exp(709.7827128933841));
        assertEquals(Double.MIN_VALUE, FdlibmMath.exp(-745.1332191019411));
        assertEquals(0.0, FdlibmMath.exp(Math.nextDown(-745.1332191019411)));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(FdlibmMath.log(1.0)));
        assertEquals(Double.NEGATIVE_INFINITY, FdlibmMath.log(-0.0));
        assertTrue(Double.isNaN(FdlibmMath.log(-Double.MIN_VALUE)));
    }

    // ---------------------------------------------------------------- random arguments

    /** A random double from 64 random bits. */
    private interface Generator {
        double next(SplittableRandom r);
    }

    private static void random(Comparison c, long seed, Generator g) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < RANDOM_PER_GENERATOR; i++) {
            c.check(g.next(r));
        }
    }

    private static final Generator RAW_BITS = r -> Double.longBitsToDouble(r.nextLong());

    /** Random sign and fraction with a binary exponent uniform in [minExp, maxExp]. */
    private static Generator logUniform(int minExp, int maxExp) {
        return r -> {
            long bits = r.nextLong() & 0x800fffffffffffffL;
            long exponent = r.nextInt(minExp, maxExp + 1) + 1023L;
            return Double.longBitsToDouble(bits | exponent << 52);
        };
    }

    private static Generator uniform(double from, double to) {
        return r -> r.nextDouble(from, to);
    }

    @Test
    void tanhRandomArguments() {
        Comparison c = tanh();
        random(c, SEED + 1, RAW_BITS);
        random(c, SEED + 2, uniform(-50, 50));
        random(c, SEED + 3, uniform(-1e-3, 1e-3)); // small |x|: a route near its baseline
        random(c, SEED + 4, logUniform(-60, 5));
        c.assertNoMismatch();
    }

    @Test
    void expm1RandomArguments() {
        Comparison c = expm1();
        random(c, SEED + 11, RAW_BITS);
        random(c, SEED + 12, uniform(-45, 710));
        random(c, SEED + 13, logUniform(-60, 10));
        c.assertNoMismatch();
    }

    @Test
    void expRandomArguments() {
        Comparison c = exp();
        random(c, SEED + 21, RAW_BITS);
        random(c, SEED + 22, uniform(-800, 710));
        random(c, SEED + 23, uniform(-5, 0)); // decay exponents -λ·Δt/1000
        random(c, SEED + 24, logUniform(-60, 10));
        c.assertNoMismatch();
    }

    @Test
    void logRandomArguments() {
        Comparison c = log();
        random(c, SEED + 31, RAW_BITS);
        random(c, SEED + 32, r -> 20.0 - r.nextDouble(0.0, 20.0)); // (0, 20]: ln(1 + criticality)
        random(c, SEED + 33, r -> 1.0 + r.nextDouble(-0x1.0p-18, 0x1.0p-18)); // near 1
        random(c, SEED + 34, r -> Double.longBitsToDouble(r.nextLong() >>> 1)); // all positive doubles
        c.assertNoMismatch();
    }

    // ---------------------------------------------------------------- optional heavy run

    /**
     * Every high word of both signs (sign, exponent and top 20 fraction bits: all 2^32 of them,
     * ±∞ and NaN included) with a random low word, for each function: about 17 billion
     * arguments. fdlibm takes nearly all its branch decisions on the high word (the rest are
     * value comparisons covered by the edge tests), so this runs every branch with every
     * high word that reaches it. Off by default; run with
     * {@code -Datrion.fdlibm.exhaustive=true}.
     */
    @Test
    @Tag("exhaustive")
    @EnabledIfSystemProperty(named = "atrion.fdlibm.exhaustive", matches = "true")
    void everyHighWord() {
        for (Comparison c : List.of(tanh(), expm1(), exp(), log())) {
            sweepAllHighWords(c);
            c.assertNoMismatch();
        }
    }

    private static void sweepAllHighWords(Comparison c) {
        // 2^15 blocks of 2^16 high words each (of |x|), both signs.
        IntStream.range(0, 1 << 15).parallel().forEach(block -> {
            SplittableRandom r = new SplittableRandom(SEED ^ ((long) block << 32));
            for (int i = 0; i < 0x10000; i++) {
                int hw = (block << 16) | i; // the last block ends at 0x7fffffff without overflow
                long bits = ((long) hw << 32) | (r.nextLong() & 0xffffffffL);
                c.check(Double.longBitsToDouble(bits));
                c.check(Double.longBitsToDouble(bits | 0x8000000000000000L));
            }
        });
    }
}
