package io.atrion.lab.sim;

import io.atrion.lab.sim.Simulation.GateState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The metrics of one run (one scenario, one policy) and the per-second series the charts draw.
 * Definitions are in {@code atrion-lab/docs/lab.md}; in short:
 *
 * <ul>
 *   <li><b>goodput</b>: client requests served successfully per simulated second (whole run);
 *   <li><b>success rate</b>: succeeded ÷ offered, overall and per tier;
 *   <li><b>transitions</b>: breaker state changes (closed→open plus open→closed, summed over the
 *       protected calls; Resilience4j's HALF_OPEN counts as open), the flapping count;
 *   <li><b>first shed</b>: seconds from the fault's start to the first call a policy refused;
 *       "pre-fault" (NaN here, {@link #shedBeforeFault()} true) when the policy was already
 *       refusing calls in the 5 s before the fault;
 *   <li><b>full admission</b>: seconds from the heal to the start of the first 5 consecutive
 *       seconds that each admit at least 99 % of the offered requests; NaN (never) when the run
 *       ends first;
 *   <li><b>wasted calls</b>: calls a policy let through that then failed (error or timeout);
 *   <li><b>calm shed</b>: share of requests shed before the fault started;
 *   <li><b>fully shed while closed</b>: seconds in which a protected call's gate refused every
 *       call it was asked for while its breaker was closed (never seen open in that second),
 *       summed over the gates — shedding that "transitions" does not see;
 *   <li><b>critical success</b>: success rate of the critical tier (the highest voltage);
 *   <li><b>revenue efficiency</b>: Σ value·succeeded ÷ Σ value·offered over the tiers;
 *   <li><b>attempts per request</b>: calls the clients made through the entry call per request
 *       (1 without retries; above 1 is the load a retry storm adds);
 *   <li>in a storm with a {@link Fleet}, per instance: its first refused call after the fault and
 *       its wasted calls; <b>last instance shed</b>: seconds from the fault's start until every
 *       instance has refused a call (NaN when one never did, or "pre-fault"). The other metrics
 *       are the fleet's: wasted calls summed over every instance's gates, full admission of the
 *       requests of the whole fleet.
 * </ul>
 */
public final class RunResult {

    /** Consecutive seconds that must admit fully for "full admission". */
    public static final int FULL_ADMISSION_WINDOW_S = 5;
    /** Slack under the calm admitted share that still counts as full admission. */
    public static final double FULL_ADMISSION_SLACK = 0.01;
    /** Seconds before the fault in which a refusal makes "first shed" pre-fault. */
    public static final int PRE_FAULT_WINDOW_S = 5;

    private final Scenario scenario;
    private final String policyId;
    private final String engine;
    private final long seed;
    private final int[] offered;
    private final int[] shed;
    private final int[] succeeded;
    private final int[] failed;
    private final long[] tierOffered;
    private final long[] tierShed;
    private final long[] tierSucceeded;
    private final long[] tierFailed;
    private final List<String> gateRoutes = new ArrayList<>();
    private final double[][] resistance;
    private final List<List<long[]>> openIntervals;
    private final int opens;
    private final int transitions;
    private final long wasted;
    private final long probes;
    private final double firstShedS;
    private final double fullAdmissionS;
    private final boolean shedBeforeFault;
    private final double calmShedRate;
    private final int fullyShedClosedS;
    private final long attempts;
    private final double[] instanceFirstShedS;
    private final long[] instanceWasted;
    private final double lastInstanceShedS;

    RunResult(Scenario scenario, String policyId, String engine, long seed, Recorder r, List<GateState> gates) {
        this.scenario = scenario;
        this.policyId = policyId;
        this.engine = engine;
        this.seed = seed;
        this.offered = r.offered;
        this.shed = r.shed;
        this.succeeded = r.succeeded;
        this.failed = r.failed;
        this.tierOffered = r.tierOffered;
        this.tierShed = r.tierShed;
        this.tierSucceeded = r.tierSucceeded;
        this.tierFailed = r.tierFailed;
        for (GateState g : gates) {
            gateRoutes.add(g.label);
        }
        this.resistance = r.resistance;
        this.openIntervals = r.openIntervals;
        int o = 0;
        int t = 0;
        long w = 0;
        long p = 0;
        for (int i = 0; i < gates.size(); i++) {
            o += r.opens[i];
            t += r.opens[i] + r.closes[i];
            w += r.wasted[i];
            p += r.probes[i];
        }
        this.opens = o;
        this.transitions = t;
        this.wasted = w;
        this.probes = p;
        int faultS = (int) Math.floor(scenario.faultStartS());
        boolean before = false;
        for (int s = Math.max(0, faultS - PRE_FAULT_WINDOW_S); s < faultS; s++) {
            before |= shed[s] > 0;
        }
        this.shedBeforeFault = before;
        this.firstShedS = before || r.firstShedAfterFaultMs < 0 ? Double.NaN
                : (r.firstShedAfterFaultMs - scenario.faultStartS() * 1000.0) / 1000.0;
        long allCalmOffered = 0;
        long allCalmShed = 0;
        for (int s = 0; s < faultS; s++) {
            allCalmOffered += offered[s];
            allCalmShed += shed[s];
        }
        this.calmShedRate = allCalmOffered == 0 ? 0.0 : (double) allCalmShed / allCalmOffered;
        this.fullAdmissionS = fullAdmission();
        int fully = 0;
        for (int i = 0; i < gates.size(); i++) {
            for (int sec = 0; sec < seconds(); sec++) {
                if (r.asked[i][sec] > 0 && r.admitted[i][sec] == 0 && !r.openSeen[i][sec]) {
                    fully++;
                }
            }
        }
        this.fullyShedClosedS = fully;
        this.attempts = r.attempts;
        int n = scenario.instances();
        this.instanceFirstShedS = new double[n];
        this.instanceWasted = new long[n];
        double last = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            long ms = r.instanceFirstShedMs[k];
            instanceFirstShedS[k] = before || ms < 0 ? Double.NaN : (ms - scenario.faultStartS() * 1000.0) / 1000.0;
            last = Double.isNaN(instanceFirstShedS[k]) || Double.isNaN(last) ? Double.NaN
                    : Math.max(last, instanceFirstShedS[k]);
        }
        this.lastInstanceShedS = last;
        for (GateState g : gates) {
            instanceWasted[g.instance] += r.wasted[g.index];
        }
    }

    private int seconds() {
        return offered.length;
    }

    private double fullAdmission() {
        int healS = (int) Math.ceil(scenario.healS());
        double need = 1.0 - FULL_ADMISSION_SLACK;
        int run = 0;
        for (int s = healS; s < offered.length; s++) {
            double admitted = offered[s] == 0 ? 1.0 : 1.0 - (double) shed[s] / offered[s];
            run = admitted >= need ? run + 1 : 0;
            if (run == FULL_ADMISSION_WINDOW_S) {
                return (s - FULL_ADMISSION_WINDOW_S + 1) - scenario.healS();
            }
        }
        return Double.NaN;
    }

    public Scenario scenario() {
        return scenario;
    }

    public String policyId() {
        return policyId;
    }

    public String engine() {
        return engine;
    }

    public long seed() {
        return seed;
    }

    public long offered() {
        return sum(tierOffered);
    }

    public long succeeded() {
        return sum(tierSucceeded);
    }

    public long failed() {
        return sum(tierFailed);
    }

    public long shed() {
        return sum(tierShed);
    }

    /** Successful client requests per simulated second, over the whole run. */
    public double goodput() {
        return (double) succeeded() / scenario.durationS();
    }

    /** Succeeded ÷ offered. */
    public double successRate() {
        return ratio(succeeded(), offered());
    }

    /** Requests offered by tier {@code i} of the scenario. */
    public long tierOffered(int i) {
        return tierOffered[i];
    }

    /** Succeeded ÷ offered for tier {@code i} of the scenario. */
    public double tierSuccessRate(int i) {
        return ratio(tierSucceeded[i], tierOffered[i]);
    }

    /** Succeeded ÷ offered for the tier named {@code name}. */
    public double tierSuccessRate(String name) {
        for (int i = 0; i < scenario.tiers().size(); i++) {
            if (scenario.tiers().get(i).name().equals(name)) {
                return tierSuccessRate(i);
            }
        }
        throw new IllegalArgumentException("no tier " + name + " in " + scenario.id());
    }

    /** Succeeded ÷ offered for the critical tier ({@link Scenario#criticalTier()}). */
    public double criticalSuccessRate() {
        return tierSuccessRate(scenario.criticalTier());
    }

    /** Σ value·succeeded ÷ Σ value·offered. */
    public double revenueEfficiency() {
        double got = 0;
        double possible = 0;
        List<Tier> tiers = scenario.tiers();
        for (int i = 0; i < tierOffered.length; i++) {
            double w = tiers.get(i).valuePerRequest();
            got += w * tierSucceeded[i];
            possible += w * tierOffered[i];
        }
        return possible == 0 ? 0 : got / possible;
    }

    /** Breaker closed→open transitions, summed over the protected calls. */
    public int opens() {
        return opens;
    }

    /** Breaker transitions both ways (the flapping count). */
    public int transitions() {
        return transitions;
    }

    /** Calls let through that failed (error or timeout), summed over the protected calls. */
    public long wasted() {
        return wasted;
    }

    /** Atrion probes of an open breaker. */
    public long probes() {
        return probes;
    }

    /**
     * Seconds from fault start to the first refused call; NaN when none was refused, or when the
     * policy was already refusing calls before the fault ({@link #shedBeforeFault()}).
     */
    public double firstShedS() {
        return firstShedS;
    }

    /** Seconds from heal to full admission; NaN when it did not happen before the run ended. */
    public double fullAdmissionS() {
        return fullAdmissionS;
    }

    /** Share of requests shed before the fault started. */
    public double calmShedRate() {
        return calmShedRate;
    }

    /**
     * Seconds in which a gate refused every call it was asked for while its breaker was closed,
     * summed over the gates.
     */
    public int fullyShedClosedS() {
        return fullyShedClosedS;
    }

    /** Calls made through the entry call (first attempts and retries). */
    public long attempts() {
        return attempts;
    }

    /** Entry-call attempts per offered request: 1 without retries. */
    public double attemptsPerRequest() {
        return ratio(attempts, offered());
    }

    /** Instances of the calling application (1 unless the storm runs a fleet). */
    public int instances() {
        return instanceWasted.length;
    }

    /**
     * Seconds from the fault's start to instance {@code k}'s first refused call; NaN when it refused
     * none after the fault, or when the fleet was refusing calls before it ({@link #shedBeforeFault()}).
     */
    public double instanceFirstShedS(int k) {
        return instanceFirstShedS[k];
    }

    /**
     * Seconds from the fault's start until the last instance refused its first call: the largest
     * {@link #instanceFirstShedS}; NaN when any instance's is NaN. Without a fleet, {@link #firstShedS()}.
     */
    public double lastInstanceShedS() {
        return lastInstanceShedS;
    }

    /** Calls instance {@code k} let through that failed (its share of {@link #wasted()}). */
    public long instanceWasted(int k) {
        return instanceWasted[k];
    }

    /** Whether the policy refused calls in the 5 s before the fault started. */
    public boolean shedBeforeFault() {
        return shedBeforeFault;
    }

    /** Offered requests per second of arrival. */
    public int[] offeredSeries() {
        return offered.clone();
    }

    /** Shed requests per second of arrival. */
    public int[] shedSeries() {
        return shed.clone();
    }

    /** Succeeded requests per second of arrival. */
    public int[] succeededSeries() {
        return succeeded.clone();
    }

    /** Failed (admitted, then error or timeout) requests per second of arrival. */
    public int[] failedSeries() {
        return failed.clone();
    }

    /** Labels of the gates (route, or route/endpoint where a policy keeps one per endpoint), in call order. */
    public List<String> gateRoutes() {
        return List.copyOf(gateRoutes);
    }

    /** R at the end of each second for protected call {@code gate}; NaN for policies without R. */
    public double[] resistanceSeries(int gate) {
        return resistance[gate].clone();
    }

    /** Whether the policy has a resistance. */
    public boolean hasResistance() {
        for (double[] r : resistance) {
            for (double v : r) {
                if (!Double.isNaN(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Open (not closed) intervals [fromMs, toMs) of protected call {@code gate}'s breaker. */
    public List<long[]> openIntervals(int gate) {
        List<long[]> out = new ArrayList<>();
        for (long[] i : openIntervals.get(gate)) {
            out.add(i.clone());
        }
        return out;
    }

    /**
     * Every metric and series of this run, written exactly (doubles as their round-trip
     * decimal): two runs are the same to the last digit iff their fingerprints are equal.
     */
    public String fingerprint() {
        String f = legacyFingerprint() + "\nfullyShedClosed=" + fullyShedClosedS + " attempts=" + attempts
                + " critical=" + criticalSuccessRate();
        if (instances() > 1) {
            f += "\ninstanceFirstShed=" + Arrays.toString(instanceFirstShedS) + " instanceWasted="
                    + Arrays.toString(instanceWasted) + " lastInstanceShed=" + lastInstanceShedS;
        }
        return f;
    }

    /**
     * The fingerprint in the format of the lab before scenarios became data (2026-11-27): what the
     * conversion test compares with the hashes of the runs made then.
     */
    public String legacyFingerprint() {
        StringBuilder b = new StringBuilder();
        b.append(scenario.id()).append('/').append(policyId).append(" seed=").append(seed)
                .append(" offered=").append(offered()).append(" succeeded=").append(succeeded())
                .append(" failed=").append(failed()).append(" shed=").append(shed())
                .append(" goodput=").append(goodput()).append(" opens=").append(opens)
                .append(" transitions=").append(transitions).append(" wasted=").append(wasted)
                .append(" probes=").append(probes).append(" firstShed=").append(firstShedS).append(" shedBeforeFault=").append(shedBeforeFault)
                .append(" fullAdmission=").append(fullAdmissionS).append(" calmShed=").append(calmShedRate)
                .append(" revenue=").append(revenueEfficiency());
        for (int i = 0; i < tierOffered.length; i++) {
            b.append(" tier").append(i).append('=').append(tierSuccessRate(i));
        }
        b.append("\noffered=").append(Arrays.toString(offered)).append("\nshed=").append(Arrays.toString(shed))
                .append("\nsucceeded=").append(Arrays.toString(succeeded))
                .append("\nfailed=").append(Arrays.toString(failed));
        for (int g = 0; g < resistance.length; g++) {
            b.append("\nR[").append(gateRoutes.get(g)).append("]=").append(Arrays.toString(resistance[g]));
            b.append("\nopen[").append(gateRoutes.get(g)).append("]=");
            for (long[] iv : openIntervals.get(g)) {
                b.append('[').append(iv[0]).append(',').append(iv[1]).append(')');
            }
        }
        return b.toString();
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) {
            s += v;
        }
        return s;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0.0 : (double) a / b;
    }
}
