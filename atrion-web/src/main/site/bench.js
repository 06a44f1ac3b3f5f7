// The browser benchmark, mirrored on the JVM by atrion-bench's
// BrowserWorkloadBenchmark: 1,000 routes visited round-robin, healthy telemetry (latency 70–90 ms,
// errors 0–0.5 %, saturation 0.30–0.45, below every baseline of the default SLO), the SPEC
// defaults with the AutoTuner on, voltages 100/50/20/15 by call, and the clock 1 ms later on every
// lap, so each route sees Δt = 1 ms per update; every route OPERATIONAL after the warm-up.
//
// Three ways to drive the engine: 'call' (one admit() per update from JavaScript), 'batch' (a lap
// of 1,000 updates written into the module's batch arrays and decided with one admitBatch()
// crossing) and 'crossing' (an empty exported function with admit()'s signature: what crossing the
// boundary costs by itself). Runs in a worker (bench-worker.js) or anywhere else.
import { mulberry32 } from './scenario.js';

export const ROUTES = 1000;
export const ROWS = 4096; // telemetry rows; call j reads row j & (ROWS - 1)
export const SEED = 20261127;
export const VOLTAGES = [100, 50, 20, 15]; // call j has VOLTAGES[j & 3]
export const START_MS = 1700000000000;
export const WARM_LAPS = 64; // past bootstrap (10 updates) and the tuner's warm-up (50 samples)
export const MODES = ['call', 'batch', 'crossing'];

/** The telemetry rows, from mulberry32(SEED): latency, error rate, saturation of row k in that order. */
export function rows() {
  const r = mulberry32(SEED);
  const lat = new Float64Array(ROWS);
  const err = new Float64Array(ROWS);
  const sat = new Float64Array(ROWS);
  for (let k = 0; k < ROWS; k++) {
    lat[k] = 70 + 20 * r();
    err[k] = 0.005 * r();
    sat[k] = 0.3 + 0.15 * r();
  }
  return { lat, err, sat };
}

/** The workload on one engine: laps of 1,000 updates, one of the three ways. */
export class Workload {
  constructor(backend) {
    this.backend = backend;
    this.engine = backend.create({});
    this.handles = new Int32Array(ROUTES);
    for (let r = 0; r < ROUTES; r++) this.handles[r] = this.engine.handle(`route-${r}`);
    this.rows = rows();
    this.call = 0; // calls so far (j)
    this.t = START_MS;
    this.sink = 0;
    this.batch = backend.batchArrays(ROUTES);
    this.batch.handles.set(this.handles);
    // ROUTES is a multiple of 4, so call j = lap·ROUTES + r has the voltage of route r every lap.
    for (let r = 0; r < ROUTES; r++) this.batch.voltage[r] = VOLTAGES[r & 3];
  }

  /** One lap of per-call admit(). */
  lapCall() {
    const admit = this.backend.api.admit;
    const { lat, err, sat } = this.rows;
    const h = this.handles;
    const t = this.t;
    let j = this.call;
    let allowed = 0;
    for (let r = 0; r < ROUTES; r++, j++) {
      const k = j & (ROWS - 1);
      allowed += admit(h[r], lat[k], err[k], sat[k], VOLTAGES[j & 3], t) & 1;
    }
    this.sink += allowed;
    this.call = j;
    this.t = t + 1;
  }

  /** One lap as one batch: the lap's telemetry and time written into the batch arrays, one crossing. */
  lapBatch() {
    const a = this.batch;
    const { lat, err, sat } = this.rows;
    const k0 = this.call & (ROWS - 1);
    const first = Math.min(ROUTES, ROWS - k0); // rows k0.. until the table wraps, then from row 0
    a.latencyMs.set(lat.subarray(k0, k0 + first));
    a.errorRate.set(err.subarray(k0, k0 + first));
    a.saturation.set(sat.subarray(k0, k0 + first));
    if (first < ROUTES) {
      a.latencyMs.set(lat.subarray(0, ROUTES - first), first);
      a.errorRate.set(err.subarray(0, ROUTES - first), first);
      a.saturation.set(sat.subarray(0, ROUTES - first), first);
    }
    a.t.fill(this.t, 0, ROUTES);
    this.sink += this.backend.admitBatch(ROUTES);
    this.call += ROUTES;
    this.t++;
  }

  /** One lap of calls to the empty export: the boundary alone. */
  lapCrossing() {
    const crossing = this.backend.api.crossing;
    const { lat, err, sat } = this.rows;
    const h = this.handles;
    const t = this.t;
    let j = this.call;
    let sum = 0;
    for (let r = 0; r < ROUTES; r++, j++) {
      const k = j & (ROWS - 1);
      sum += crossing(h[r], lat[k], err[k], sat[k], VOLTAGES[j & 3], t);
    }
    this.sink += sum & 1;
    this.call = j;
  }

  lap(mode) {
    if (mode === 'call') this.lapCall();
    else if (mode === 'batch') this.lapBatch();
    else this.lapCrossing();
  }

  /** Routes in each mode now: {BOOTSTRAP, OPERATIONAL, CIRCUIT_BREAKER}. */
  modes() {
    const records = this.engine.exportState(0, ROUTES);
    const stride = this.backend.stateFields.length;
    const out = { BOOTSTRAP: 0, OPERATIONAL: 0, CIRCUIT_BREAKER: 0 };
    for (let r = 0; r < ROUTES; r++) out[['BOOTSTRAP', 'OPERATIONAL', 'CIRCUIT_BREAKER'][records[r * stride]]]++;
    return out;
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Updates (or crossings) per second of one build, one way: WARM_LAPS laps of per-call updates to
 * reach steady state, `warmupMs` of the measured way, then `runs` timed runs of `ms` each; their
 * median. Blocks for about warmupMs + runs × ms.
 */
export function benchmark(backend, mode = 'call', runs = 5, ms = 2000, warmupMs = 1000) {
  if (!MODES.includes(mode)) throw new Error(`unknown mode '${mode}': expected ${MODES.join(', ')}`);
  const w = new Workload(backend);
  try {
    for (let lap = 0; lap < WARM_LAPS; lap++) w.lapCall();
    const warmed = w.modes();
    let end = performance.now() + warmupMs;
    while (performance.now() < end) w.lap(mode);
    const perSecond = [];
    for (let run = 0; run < runs; run++) {
      let laps = 0;
      const start = performance.now();
      end = start + ms;
      do {
        w.lap(mode);
        laps++;
      } while (performance.now() < end);
      perSecond.push(laps * ROUTES / ((performance.now() - start) / 1000));
    }
    return {
      kind: backend.kind, mode, runs: perSecond, median: median(perSecond), nsPerCall: 1e9 / median(perSecond),
      msPerRun: ms, warmupMs, routes: ROUTES, afterWarmup: warmed, atEnd: w.modes(), sink: w.sink,
    };
  } finally {
    w.engine.release();
  }
}
