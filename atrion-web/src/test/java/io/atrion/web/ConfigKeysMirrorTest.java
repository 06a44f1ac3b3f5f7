package io.atrion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.ConfigKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The browser build keeps no list of configuration keys of its own: {@code AtrionWeb} stages
 * settings through {@link ConfigKeys}, and what the JavaScript side names must be keys of that one
 * table. The {@code AtrionConfig} type of atrion.d.ts (which TypeScript needs written out) has
 * exactly the keys of {@link ConfigKeys#keys()}, and every dotted key the site's scripts spell out
 * is one of them.
 */
class ConfigKeysMirrorTest {

    private static final Path SITE = Path.of("src", "main", "site");

    @Test
    void theTypeDeclarationsHaveEveryKeyAndNoOther() throws IOException {
        String ts = Files.readString(SITE.resolve("atrion.d.ts"));
        int start = ts.indexOf("export interface AtrionConfig {");
        assertTrue(start >= 0, "atrion.d.ts declares AtrionConfig");
        assertEquals(new TreeSet<>(ConfigKeys.keys()), declaredKeys(ts, ts.indexOf('{', start)));
    }

    @Test
    void everyKeyTheScriptsSpellOutIsAKey() throws IOException {
        Pattern dotted = Pattern.compile("'((?:config|slo|autoTuner)\\.[A-Za-z.]+)'");
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.list(SITE)) {
            for (Path js : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                Matcher m = dotted.matcher(Files.readString(js));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        assertFalse(named.isEmpty(), "replay.js's math audit names settings by key");
        for (String key : named) {
            assertTrue(ConfigKeys.isKey(key), key + " is not a key of ConfigKeys");
        }
    }

    @Test
    void theExportedStagingIsConfigKeys() {
        AtrionWeb.configReset();
        ConfigKeys defaults = ConfigKeys.defaults();
        for (String key : ConfigKeys.keys()) {
            Object d = defaults.get(key);
            double expected = d instanceof Boolean ? ((Boolean) d ? 1 : 0) : ((Number) d).doubleValue();
            assertEquals(expected, AtrionWeb.configGet(key), key);
        }
        // slo.baselineSaturation: a key the web build's own switch once lacked.
        assertTrue(AtrionWeb.configSet("slo.baselineSaturation", 0.25), AtrionWeb.lastError());
        assertTrue(AtrionWeb.configSet("autoTuner", 0), AtrionWeb.lastError());
        assertEquals(0.25, AtrionWeb.configGet("slo.baselineSaturation"));
        assertEquals(0.0, AtrionWeb.configGet("autoTuner"));
        assertFalse(AtrionWeb.configSet("autoTuner", 2), "a boolean takes 1 or 0");
        assertTrue(AtrionWeb.lastError().startsWith("autoTuner "), AtrionWeb.lastError());
        assertTrue(Double.isNaN(AtrionWeb.configGet("config.nope")));
        assertTrue(AtrionWeb.lastError().contains("config.nope"), AtrionWeb.lastError());
        int engine = AtrionWeb.create();
        try {
            assertTrue(engine >= 0, AtrionWeb.lastError());
            assertEquals(0.25, AtrionWeb.engineOf(engine).p.slo.baselineSaturation());
            assertEquals(null, AtrionWeb.engineOf(engine).p.autoTuner, "autoTuner 0: off");
        } finally {
            AtrionWeb.release(engine);
        }
        assertEquals(0.5, AtrionWeb.configGet("slo.baselineSaturation"), "create() starts a new configuration");
    }

    /**
     * The dotted paths of the leaves of a TypeScript object type, from its opening brace: a
     * {@code name?: {...}} member is a prefix, {@code name?: boolean | {...}} is a leaf and a
     * prefix (autoTuner), any other {@code name?: type} is a leaf.
     */
    private static Set<String> declaredKeys(String ts, int openBrace) {
        String body = ts.substring(openBrace + 1).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Matcher token = Pattern.compile("(\\w+)\\?:|boolean|[{};]").matcher(body);
        Set<String> keys = new TreeSet<>();
        Deque<String> path = new ArrayDeque<>();
        String pending = null;
        boolean orBoolean = false;
        while (token.find()) {
            String t = token.group();
            if (token.group(1) != null) {
                pending = path.isEmpty() ? token.group(1) : path.peekLast() + "." + token.group(1);
                orBoolean = false;
            } else if (t.equals("boolean")) {
                orBoolean = pending != null;
            } else if (t.equals("{")) {
                if (orBoolean) {
                    keys.add(pending);
                }
                path.addLast(pending);
                pending = null;
            } else {
                if (pending != null) {
                    keys.add(pending);
                    pending = null;
                }
                if (t.equals("}")) {
                    if (path.isEmpty()) {
                        break; // the interface's own closing brace
                    }
                    path.removeLast();
                }
            }
        }
        return keys;
    }
}
