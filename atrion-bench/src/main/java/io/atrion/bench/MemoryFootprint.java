package io.atrion.bench;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.Telemetry;
import io.atrion.internal.engine.FastEngine;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;
import org.openjdk.jol.vm.VirtualMachine;

/**
 * Heap bytes per route: state plus index, route id strings excluded. Not a JMH benchmark; run
 * one engine per JVM (run.sh does):
 *
 * <pre>
 * java -Xms4g -Xmx4g -Djdk.attach.allowAttachSelf=true -cp target/benchmarks.jar \
 *      io.atrion.bench.MemoryFootprint --engine FAST [--routes 1000000] [--tuner on|off] [--jol on|off] [--out FILE]
 * </pre>
 *
 * <p>Two independent measurements:
 * <ol>
 *   <li><b>heap delta</b>: the id strings are created first and kept; used heap after
 *       {@code System.gc()} is read before and after creating the routes (one
 *       {@code route()} call each). Includes whatever the GC in use rounds up (G1 gives large
 *       arrays whole regions).</li>
 *   <li><b>JOL</b>: {@code GraphLayout} of the {@link Atrion} instance, i.e. every object
 *       reachable from it, minus the {@code String} and {@code byte[]} objects (the ids; the
 *       engines hold no other strings or byte arrays, apart from a few enum names).</li>
 * </ol>
 * For FAST it also prints {@code FastEngine#footprintBytes}, the engine's own arithmetic.
 */
public final class MemoryFootprint {

    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        Engine engine = Engine.FAST;
        int routes = 1_000_000;
        boolean tuner = true;
        boolean jol = true;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--engine": engine = Engine.parse(v); i++; break;
                case "--routes": routes = Integer.parseInt(v.replace("_", "")); i++; break;
                case "--tuner": tuner = onOff(v); i++; break;
                case "--jol": jol = onOff(v); i++; break;
                case "--out": out = Path.of(v); i++; break;
                default: throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (engine == Engine.AUTO) {
            throw new IllegalArgumentException("--engine must be fast or reference");
        }
        Result r = measure(engine, routes, tuner, jol);
        System.out.println(r.text());
        if (out != null) {
            Files.writeString(out, r.json() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static boolean onOff(String v) {
        if ("on".equals(v) || "true".equals(v)) {
            return true;
        }
        if ("off".equals(v) || "false".equals(v)) {
            return false;
        }
        throw new IllegalArgumentException("expected on or off, got " + v);
    }

    static final class Result {
        Engine engine;
        int routes;
        boolean tuner;
        String gc;
        long heapDeltaBytes;
        long jolTotalBytes = -1;
        long jolIdBytes = -1;
        long fastFormulaBytes = -1;
        List<String> topClasses = new ArrayList<>();

        double heapPerRoute() {
            return (double) heapDeltaBytes / routes;
        }

        double jolPerRoute() {
            return jolTotalBytes < 0 ? Double.NaN : (double) (jolTotalBytes - jolIdBytes) / routes;
        }

        String text() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "engine=%s routes=%d autoTuner=%s gc=%s%n", engine, routes, tuner, gc));
            b.append(String.format(Locale.ROOT, "  heap delta after System.gc(): %,d B = %.1f B/route (state + index; ids created before)%n",
                    heapDeltaBytes, heapPerRoute()));
            if (jolTotalBytes >= 0) {
                b.append(String.format(Locale.ROOT, "  JOL graph of the Atrion instance: %,d B, of which ids (String + byte[]) %,d B%n",
                        jolTotalBytes, jolIdBytes));
                b.append(String.format(Locale.ROOT, "  JOL state + index: %.1f B/route%n", jolPerRoute()));
                for (String c : topClasses) {
                    b.append("    ").append(c).append('\n');
                }
            }
            if (fastFormulaBytes >= 0) {
                b.append(String.format(Locale.ROOT, "  FastEngine.footprintBytes: %,d B = %.1f B/route%n",
                        fastFormulaBytes, (double) fastFormulaBytes / routes));
            }
            return b.toString();
        }

        String json() {
            return String.format(Locale.ROOT,
                    "{\"engine\":\"%s\",\"routes\":%d,\"autoTuner\":%s,\"gc\":\"%s\",\"heapDeltaBytes\":%d,"
                            + "\"heapBytesPerRoute\":%.2f,\"jolTotalBytes\":%d,\"jolIdBytes\":%d,\"jolBytesPerRoute\":%s,"
                            + "\"fastFootprintBytes\":%d}",
                    engine, routes, tuner, gc, heapDeltaBytes, heapPerRoute(), jolTotalBytes, jolIdBytes,
                    jolTotalBytes < 0 ? "null" : String.format(Locale.ROOT, "%.2f", jolPerRoute()), fastFormulaBytes);
        }
    }

    static Result measure(Engine engine, int routes, boolean tuner, boolean jol) throws Exception {
        Result r = new Result();
        r.engine = engine;
        r.routes = routes;
        r.tuner = tuner;
        r.gc = gcNames();

        String[] ids = new String[routes];
        for (int i = 0; i < routes; i++) {
            ids[i] = "route-" + i;
        }
        ManualClock clock = new ManualClock(SteppingClock.START_MILLIS);
        Atrion.Builder b = Atrion.builder().engine(engine).clock(clock);
        if (!tuner) {
            b.autoTunerDisabled();
        }
        Atrion atrion = b.build();
        Telemetry t = Telemetry.of(80, 0.001, 0.4);

        long before = usedHeapAfterGc();
        for (int i = 0; i < routes; i++) {
            atrion.route(ids[i], t, 100);
        }
        long after = usedHeapAfterGc();
        r.heapDeltaBytes = after - before;
        if (atrion.routes().size() != routes) {
            throw new IllegalStateException("expected " + routes + " routes");
        }

        if (jol) {
            GraphLayout g = GraphLayout.parseInstance(atrion);
            r.jolTotalBytes = g.totalSize();
            long ids0 = 0;
            for (Class<?> c : g.getClasses()) {
                if (c == String.class || c == byte[].class) {
                    ids0 += g.getClassSizes().count(c);
                }
            }
            r.jolIdBytes = ids0;
            g.getClasses().stream()
                    .sorted((x, y) -> Long.compare(g.getClassSizes().count(y), g.getClassSizes().count(x)))
                    .limit(6)
                    .forEach(c -> r.topClasses.add(String.format(Locale.ROOT, "%-45s %,14d B in %,10d objects",
                            c.getName(), g.getClassSizes().count(c), g.getClassCounts().count(c))));
        }
        if (engine == Engine.FAST) {
            Field f = Atrion.class.getDeclaredField("engine");
            f.setAccessible(true);
            FastEngine fast = (FastEngine) f.get(atrion);
            VirtualMachine vm = VM.current();
            // Reference size (4 with compressed oops): two array slots, alignment-proof.
            int referenceBytes = (int) ((vm.sizeOf(new Object[2]) - vm.sizeOf(new Object[0])) / 2);
            r.fastFormulaBytes = fast.footprintBytes(referenceBytes, vm.arrayHeaderSize());
        }
        // Keep the ids and the instance reachable until every measurement is taken.
        if (ids.length != routes || atrion.engine() != engine) {
            throw new AssertionError();
        }
        return r;
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static String gcNames() {
        List<String> names = new ArrayList<>();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(g -> names.add(g.getName()));
        return String.join("+", names);
    }
}
