package io.atrion.lab.scenarios;

import io.atrion.lab.sim.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The built-in storms, in report order: JSON files in this package's resources
 * ({@code src/main/resources/io/atrion/lab/scenarios/ID.json}), in the same format a user's
 * {@code --scenario FILE.json} is written in, read with {@link ScenarioFile}.
 *
 * <p>The standard dependency: 100 workers, 50 ms per request with log-normal jitter, 0.5 %
 * errors, a queue deep enough never to reject (100 000), so it serves about 2000 requests per
 * second; the clients give up after 1000 ms. The standard traffic is 200 requests per second:
 * 10 % critical, 30 % high, 60 % normal, voltages named on the SPEC §2.8 ladder.
 *
 * <p>The storms of {@link #all()} run one instance of the calling application; the storms of
 * {@link #fleets()} run several behind a load balancer (SPEC §5's many nodes) and are compared on
 * other policies ({@code PolicyKind.FLEET}).
 */
public final class Scenarios {

    /** Ids of the built-in storms, in report order. */
    public static final List<String> IDS = List.of("error-spike", "gray-failure", "flapping", "flash-crowd",
            "black-friday", "cascading", "slow-heal", "latency-under-capacity", "slow-leak", "hard-down",
            "noisy-neighbour", "retry-storm");
    /** Ids of the built-in storms with a fleet of instances, in report order. */
    public static final List<String> FLEET_IDS = List.of("fleet-hard-down");
    /** The command-line name of every fleet storm at once. */
    public static final String FLEET = "fleet";
    /** Healthy error rate of the standard dependency (what {@code --healthy-errors} replaces). */
    public static final double HEALTHY_ERRORS = 0.005;

    private static volatile List<Scenario> builtIn;
    private static volatile List<Scenario> builtInFleets;

    private Scenarios() {
    }

    /** Every built-in scenario of one instance, in report order. */
    public static List<Scenario> all() {
        List<Scenario> b = builtIn;
        if (b == null) {
            b = loadAll(IDS);
            builtIn = b;
        }
        return b;
    }

    /** Every built-in scenario with a fleet, in report order. */
    public static List<Scenario> fleets() {
        List<Scenario> b = builtInFleets;
        if (b == null) {
            b = loadAll(FLEET_IDS);
            builtInFleets = b;
        }
        return b;
    }

    /** {@link #fleets()} with {@code healthyErrors} as the error rate of a healthy service (a what-if). */
    public static List<Scenario> fleets(double healthyErrors) {
        checkHealthyErrors(healthyErrors);
        List<Scenario> s = new ArrayList<>();
        for (Scenario sc : fleets()) {
            s.add(sc.withHealthyErrors(healthyErrors));
        }
        return s;
    }

    private static List<Scenario> loadAll(List<String> ids) {
        List<Scenario> loaded = new ArrayList<>();
        for (String id : ids) {
            loaded.add(load(id));
        }
        return List.copyOf(loaded);
    }

    /**
     * Every built-in scenario with {@code healthyErrors} as the error rate of a healthy service
     * (a what-if: the published runs use {@link #HEALTHY_ERRORS}).
     */
    public static List<Scenario> all(double healthyErrors) {
        checkHealthyErrors(healthyErrors);
        List<Scenario> s = new ArrayList<>();
        for (Scenario sc : all()) {
            s.add(sc.withHealthyErrors(healthyErrors));
        }
        return s;
    }

    /** The built-in scenario with this id (of one instance or a fleet). */
    public static Scenario byId(String id) {
        String t = id.trim().toLowerCase(Locale.ROOT);
        for (List<Scenario> group : List.of(all(), fleets())) {
            for (Scenario s : group) {
                if (s.id().equals(t)) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; one of " + String.join(", ", IDS) + ", "
                + String.join(", ", FLEET_IDS) + " (or " + FLEET + " for every fleet, or --scenario FILE.json)");
    }

    /** The built-in scenario with this id and background error rate. */
    public static Scenario byId(String id, double healthyErrors) {
        checkHealthyErrors(healthyErrors);
        return byId(id).withHealthyErrors(healthyErrors);
    }

    /** The text of a built-in scenario's file. */
    public static String resourceText(String id) {
        String name = id + ".json";
        try (InputStream in = Scenarios.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("built-in scenario resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Scenario load(String id) {
        Scenario s = ScenarioFile.parse(resourceText(id), "built-in " + id + ".json");
        if (!s.id().equals(id)) {
            throw new IllegalStateException("built-in " + id + ".json has id " + s.id());
        }
        return s;
    }

    private static void checkHealthyErrors(double healthyErrors) {
        if (!(healthyErrors >= 0 && healthyErrors < 1)) {
            throw new IllegalArgumentException("healthy error rate must be in [0, 1), got " + healthyErrors);
        }
    }
}
