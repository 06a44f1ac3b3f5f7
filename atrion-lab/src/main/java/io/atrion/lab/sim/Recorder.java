package io.atrion.lab.sim;

import io.atrion.lab.sim.Simulation.GateState;
import io.atrion.lab.sim.Simulation.Request;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts what happens during one run: each client request by the second it arrived in and by
 * tier, each protected call's decisions and outcomes per second, breaker transitions, and R once
 * per second. {@link #result} turns the counts into the metrics of {@link RunResult}.
 */
public final class Recorder {

    private final Scenario scenario;
    private final List<GateState> gates;
    private final int seconds;
    private final long faultMs;

    final int[] offered;
    final int[] shed;
    final int[] succeeded;
    final int[] failed;
    final long[] tierOffered;
    final long[] tierShed;
    final long[] tierSucceeded;
    final long[] tierFailed;
    final double[][] resistance;
    final List<List<long[]>> openIntervals = new ArrayList<>();
    final long[] openedAt;
    final int[] opens;
    final int[] closes;
    final long[] admittedCalls;
    final long[] shedCalls;
    final long[] probes;
    final long[] wasted;
    /** Per gate and second of decision: calls asked, admitted, and whether the breaker was seen open. */
    final int[][] asked;
    final int[][] admitted;
    final boolean[][] openSeen;
    long attempts;
    long firstShedAfterFaultMs = -1;
    /** Per fleet instance: its first refused call at or after the fault, or -1. */
    final long[] instanceFirstShedMs;
    long endMs;

    Recorder(Scenario scenario, List<GateState> gates) {
        this.scenario = scenario;
        this.gates = gates;
        this.seconds = scenario.durationS();
        this.faultMs = Math.round(scenario.faultStartS() * 1000.0);
        offered = new int[seconds];
        shed = new int[seconds];
        succeeded = new int[seconds];
        failed = new int[seconds];
        int t = scenario.tiers().size();
        tierOffered = new long[t];
        tierShed = new long[t];
        tierSucceeded = new long[t];
        tierFailed = new long[t];
        int g = gates.size();
        resistance = new double[g][seconds];
        for (double[] r : resistance) {
            Arrays.fill(r, Double.NaN);
        }
        openedAt = new long[g];
        Arrays.fill(openedAt, -1);
        opens = new int[g];
        closes = new int[g];
        admittedCalls = new long[g];
        shedCalls = new long[g];
        probes = new long[g];
        wasted = new long[g];
        asked = new int[g][seconds];
        admitted = new int[g][seconds];
        openSeen = new boolean[g][seconds];
        for (int i = 0; i < g; i++) {
            openIntervals.add(new ArrayList<>());
        }
        instanceFirstShedMs = new long[scenario.instances()];
        Arrays.fill(instanceFirstShedMs, -1);
    }

    void offered(Request r) {
        offered[second(r.arrivalMs)]++;
        tierOffered[r.tier]++;
    }

    void attempted(Request r) {
        attempts++;
    }

    void ended(Request r, Outcome outcome) {
        int s = second(r.arrivalMs);
        switch (outcome) {
            case SUCCESS:
                succeeded[s]++;
                tierSucceeded[r.tier]++;
                break;
            case SHED:
                shed[s]++;
                tierShed[r.tier]++;
                break;
            default:
                failed[s]++;
                tierFailed[r.tier]++;
                break;
        }
    }

    void afterAcquire(GateState g, long now, Object token) {
        int i = g.index;
        if (token == null) {
            shedCalls[i]++;
            if (now >= faultMs && (firstShedAfterFaultMs < 0 || now < firstShedAfterFaultMs)) {
                firstShedAfterFaultMs = now;
            }
            if (now >= faultMs && instanceFirstShedMs[g.instance] < 0) {
                instanceFirstShedMs[g.instance] = now; // calls come in time order: the first is the earliest
            }
        } else {
            admittedCalls[i]++;
            if (g.gate.isProbe(token)) {
                probes[i]++;
            }
        }
        double r = g.gate.resistance();
        if (!Double.isNaN(r) && now < seconds * 1000L) {
            resistance[i][second(now)] = r; // the last update of each second wins
        }
        track(g, now);
        if (now < seconds * 1000L) {
            int s = second(now);
            asked[i][s]++;
            admitted[i][s] += token == null ? 0 : 1;
            openSeen[i][s] |= g.open;
        }
    }

    void afterComplete(GateState g, long now, Outcome outcome) {
        if (outcome == Outcome.ERROR || outcome == Outcome.TIMEOUT) {
            wasted[g.index]++;
        }
        track(g, now);
        if (g.open && now < seconds * 1000L) {
            openSeen[g.index][second(now)] = true;
        }
    }

    private void track(GateState g, long now) {
        boolean open = g.gate.open();
        if (open == g.open) {
            return;
        }
        g.open = open;
        int i = g.index;
        if (open) {
            opens[i]++;
            openedAt[i] = now;
        } else {
            closes[i]++;
            openIntervals.get(i).add(new long[] {openedAt[i], now});
            openedAt[i] = -1;
        }
    }

    void finish(long lastEventMs) {
        endMs = Math.max(lastEventMs, seconds * 1000L);
        for (int i = 0; i < gates.size(); i++) {
            if (openedAt[i] >= 0) {
                openIntervals.get(i).add(new long[] {openedAt[i], endMs});
            }
            // Carry R forward through seconds without an update (before the first: NaN).
            double[] r = resistance[i];
            for (int s = 1; s < r.length; s++) {
                if (Double.isNaN(r[s])) {
                    r[s] = r[s - 1];
                }
            }
        }
    }

    private int second(long ms) {
        return (int) Math.min(seconds - 1, ms / 1000L);
    }

    /** The metrics of this run. */
    public RunResult result(String policyId, String engine, long seed) {
        return new RunResult(scenario, policyId, engine, seed, this, gates);
    }
}
