package io.atrion.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The samples of a Prometheus text exposition, parsed strictly enough to assert on. */
final class Scrape {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    final String text;
    final List<Sample> samples = new ArrayList<>();

    Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            samples.add(parse(line));
        }
    }

    /** The samples named {@code name} whose labels include every given pair. */
    List<Sample> find(String name, String... labelPairs) {
        return samples.stream().filter(s -> s.name.equals(name) && matches(s.labels, labelPairs))
                .collect(Collectors.toList());
    }

    /** The value of the one sample named {@code name} with these labels. */
    double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " " + List.of(labelPairs)
                    + " in the scrape:\n" + text);
        }
        return found.get(0).value;
    }

    /** Whether the exposition declares {@code name} with this type ({@code # TYPE name type}). */
    boolean declares(String name, String type) {
        return text.lines().anyMatch(l -> l.equals("# TYPE " + name + " " + type));
    }

    private static boolean matches(Map<String, String> labels, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }

    private static Sample parse(String line) {
        int brace = line.indexOf('{');
        int space;
        String name;
        Map<String, String> labels = new TreeMap<>();
        if (brace < 0) {
            space = line.indexOf(' ');
            name = line.substring(0, space);
        } else {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq);
                StringBuilder v = new StringBuilder();
                int j = eq + 2; // skip ="
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        v.append(n == 'n' ? '\n' : n);
                    } else {
                        v.append(c);
                    }
                    j++;
                }
                labels.put(key, v.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            space = line.indexOf(' ', i);
        }
        String[] rest = line.substring(space + 1).trim().split(" ");
        String v = rest[0].replace("+Inf", "Infinity").replace("-Inf", "-Infinity");
        return new Sample(name, labels, Double.parseDouble(v));
    }
}
