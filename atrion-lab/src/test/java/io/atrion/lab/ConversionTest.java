package io.atrion.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Engine;
import io.atrion.lab.policy.PolicyKind;
import io.atrion.lab.scenarios.Scenarios;
import io.atrion.lab.sim.RunResult;
import io.atrion.lab.sim.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built-in storms are JSON files, converted from the storms once written in Java
 * ({@link LegacyScenarios}): every storm is the same as before, except Black Friday's degraded
 * latency, changed on purpose (see {@link LegacyScenarios}).
 *
 * <p>Two proofs. (1) Each file, loaded, equals the storm the old Java code builds (frozen in
 * {@link LegacyScenarios}): every script keyframe, number and setting, compared as values. (2)
 * The runs of the storms loaded from the files are, to the last digit, the runs made on main
 * before the conversion (e39dc43): the SHA-256 of each run's fingerprint in the old format
 * ({@code src/test/resources/legacy-run-hashes.txt}, 144 runs: six storms × the four non-Atrion
 * policies × seeds 1–5 and 42). Atrion's runs matched too when this was written, but they will
 * change with the guard, so they are not pinned here.
 */
class ConversionTest {

    private static Scenario file(String id) {
        return Scenarios.byId(id);
    }

    @Test
    void everyUnchangedStormEqualsItsJavaOriginal() {
        for (double healthy : new double[] {Scenarios.HEALTHY_ERRORS, 0.0, 0.02}) {
            assertEquals(LegacyScenarios.errorSpike(file("error-spike"), healthy), Scenarios.byId("error-spike", healthy));
            assertEquals(LegacyScenarios.grayFailure(file("gray-failure"), healthy), Scenarios.byId("gray-failure", healthy));
            assertEquals(LegacyScenarios.flapping(file("flapping"), healthy), Scenarios.byId("flapping", healthy));
            assertEquals(LegacyScenarios.flashCrowd(file("flash-crowd"), healthy), Scenarios.byId("flash-crowd", healthy));
            assertEquals(LegacyScenarios.cascading(file("cascading"), healthy), Scenarios.byId("cascading", healthy));
            assertEquals(LegacyScenarios.slowHeal(file("slow-heal"), healthy), Scenarios.byId("slow-heal", healthy));
        }
    }

    @Test
    void blackFridayChangedOnlyItsCapacityAndNamedItsEndpoints() {
        Scenario bf = file("black-friday");
        // Before: 250 ms x 400 requests/s = 100 busy workers of 100 (exactly the capacity).
        assertNotEquals(LegacyScenarios.blackFriday(bf, Scenarios.HEALTHY_ERRORS, 250, true, "shoppers"), bf);
        // Now: 300 ms, so the 100 workers serve 100 / 0.3 s = 333.3 requests/s and 400 offered is
        // 400 / 333.3 = 1.2 times the capacity; the tiers are the shop's three endpoints.
        assertEquals(LegacyScenarios.blackFriday(bf, Scenarios.HEALTHY_ERRORS, 300, true, "shoppers"), bf);
        double capacity = bf.failingService().capacityPerSecond(100_000);
        assertEquals(1.2, bf.rateAt(100_000) / capacity, 1e-12);
        assertEquals(List.of("checkout", "search", "browse"), bf.endpoints());
    }

    @Test
    void runsOfTheLoadedStormsAreTheRunsMadeBeforeTheConversion() throws Exception {
        Map<String, String> expected = legacyHashes();
        assertEquals(144, expected.size());
        int checked = 0;
        for (String key : expected.keySet()) {
            String[] k = key.split(" ");
            Scenario s = Scenarios.byId(k[0]);
            PolicyKind p = PolicyKind.parse(k[1]);
            long seed = Long.parseLong(k[2]);
            RunResult r = Lab.DEFAULT_SEEDS.contains(seed) ? LabFixtures.standard().result(s, p, seed)
                    : Lab.run(s, p, Engine.FAST, seed);
            assertEquals(expected.get(key), sha256(r.legacyFingerprint()), key);
            checked++;
        }
        assertEquals(144, checked);
    }

    @Test
    void theFingerprintHashCanFail() throws Exception {
        Map<String, String> expected = legacyHashes();
        RunResult r = LabFixtures.standard().result(file("error-spike"), PolicyKind.NONE, 1);
        // The same storm with another seed is another run, and the hash says so.
        assertNotEquals(expected.get("error-spike none 1"), sha256(
                LabFixtures.standard().result(file("error-spike"), PolicyKind.NONE, 2).legacyFingerprint()));
        assertEquals(expected.get("error-spike none 1"), sha256(r.legacyFingerprint()));
    }

    static Map<String, String> legacyHashes() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = ConversionTest.class.getResourceAsStream("/legacy-run-hashes.txt")) {
            assertTrue(in != null, "legacy-run-hashes.txt");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                m.put(f[0] + " " + f[1] + " " + f[2], f[3]);
            }
        }
        return m;
    }

    static String sha256(String s) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
