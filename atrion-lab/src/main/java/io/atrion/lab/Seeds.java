package io.atrion.lab;

import java.util.ArrayList;
import java.util.List;

/** The {@code --seeds} syntax: {@code N}, {@code A..B} (inclusive) or {@code A,B,C}. */
public final class Seeds {

    /** The most seeds one invocation runs. */
    public static final int MAX_SEEDS = 1000;

    private Seeds() {
    }

    /**
     * Parses a seed list.
     *
     * @throws IllegalArgumentException naming the problem (not a number, an empty or reversed
     *                                  range, a repeated seed, more than {@value #MAX_SEEDS})
     */
    public static List<Long> parse(String text) {
        String t = text.trim();
        List<Long> out = new ArrayList<>();
        int dots = t.indexOf("..");
        if (dots >= 0) {
            long from = number(t.substring(0, dots), text);
            long to = number(t.substring(dots + 2), text);
            if (to < from) {
                throw new IllegalArgumentException("--seeds " + text + ": the range ends before it starts");
            }
            if (to - from >= MAX_SEEDS) {
                throw new IllegalArgumentException("--seeds " + text + ": at most " + MAX_SEEDS + " seeds");
            }
            for (long s = from; s <= to; s++) {
                out.add(s);
            }
            return out;
        }
        for (String part : t.split(",", -1)) {
            long s = number(part, text);
            if (out.contains(s)) {
                throw new IllegalArgumentException("--seeds " + text + ": seed " + s + " twice");
            }
            out.add(s);
        }
        if (out.size() > MAX_SEEDS) {
            throw new IllegalArgumentException("--seeds " + text + ": at most " + MAX_SEEDS + " seeds");
        }
        return out;
    }

    /** "1..5" for a run of consecutive seeds, else "1, 3, 9". */
    public static String format(List<Long> seeds) {
        if (seeds.size() == 1) {
            return Long.toString(seeds.get(0));
        }
        boolean consecutive = true;
        for (int i = 1; i < seeds.size(); i++) {
            consecutive &= seeds.get(i) == seeds.get(i - 1) + 1;
        }
        if (consecutive) {
            return seeds.get(0) + ".." + seeds.get(seeds.size() - 1);
        }
        List<String> s = new ArrayList<>();
        for (long x : seeds) {
            s.add(Long.toString(x));
        }
        return String.join(", ", s);
    }

    private static long number(String part, String whole) {
        try {
            return Long.parseLong(part.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seeds " + whole + ": '" + part.trim()
                    + "' is not a whole number (use N, A..B or A,B,C)");
        }
    }
}
