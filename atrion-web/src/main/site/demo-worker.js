// The demo's engine, off the page's thread: a service of ROUTES routes whose telemetry the page's
// sliders drive, traffic of five priority tiers on every route, decided in batches by the Atrion
// physics of each loaded build (WebAssembly and JavaScript receive the same calls, and their
// decisions and route states are compared as they happen). The state of the displayed build's
// routes goes to the page through shared memory (shared-state.js), or as postMessage snapshots
// where the page is not cross-origin isolated.
import { loadBackend } from './atrion.js';
import { ROUTE, T0, TIERS, DEMO_CONFIG, PRESETS, routeId, fragility, mulberry32 } from './scenario.js';
import { HEADER, H, DISPLAYS, StateWriter } from './shared-state.js';

const STEP_MS = 5; // worker loop period
const MAX_CALLS_PER_STEP = 200000; // beyond this the simulation runs slower than asked
const CHUNK = 8192; // calls per batch crossing
const SNAPSHOT_MS = 16; // fallback: at most one snapshot per frame

const sim = {
  kinds: [], // loaded builds, display first
  backends: {},
  engines: {}, // kind → Engine
  handles: {}, // kind → Int32Array of route handles
  display: null,
  config: DEMO_CONFIG,
  routes: 0,
  fragility: null,
  voltages: [], // by tier
  simMs: 0,
  carry: 0,
  speed: 1,
  rate: 100, // requests per route per simulated second
  paused: false,
  telemetry: { ...PRESETS.heal },
  spikeUntil: -1,
  rng: mulberry32(7),
  tierTotals: new Float64Array(10), // route 0: ok, shed per tier
  parity: { compared: 0, mismatches: 0, reported: false },
  calls: 0,
  rateWindow: { since: 0, calls: 0, perSecond: 0 },
  writer: null,
  header: new Float64Array(HEADER.length),
  lastStep: 0,
  lastSnapshot: 0,
  published: 0,
  // One step's calls, generated once and fed to every build.
  route: new Int32Array(0), lat: new Float64Array(0), err: new Float64Array(0), sat: new Float64Array(0),
  volt: new Float64Array(0), t: new Float64Array(0), tier: new Int8Array(0),
};

function post(msg, transfer) {
  self.postMessage(msg, transfer || []);
}

function createEngines() {
  for (const engine of Object.values(sim.engines)) engine.release();
  sim.engines = {};
  sim.handles = {};
  for (const kind of sim.kinds) {
    const backend = sim.backends[kind];
    const engine = backend.create(sim.config);
    backend.batchArrays(Math.max(CHUNK, sim.routes)); // once, so the views never move afterwards
    const handles = new Int32Array(sim.routes);
    for (let r = 0; r < sim.routes; r++) handles[r] = engine.handle(routeId(r));
    sim.engines[kind] = engine;
    sim.handles[kind] = handles;
  }
  sim.voltages = TIERS.map((tier) => sim.engines[sim.kinds[0]].tierVoltages()[tier.name]);
  sim.simMs = 0;
  sim.carry = 0;
  sim.tierTotals.fill(0);
  sim.parity = { compared: 0, mismatches: 0, reported: false };
  sim.spikeUntil = -1;
  sim.rng = mulberry32(7);
}

function ensureCapacity(n) {
  if (sim.route.length >= n) return;
  const c = Math.max(n, sim.route.length * 2);
  sim.route = new Int32Array(c);
  sim.lat = new Float64Array(c);
  sim.err = new Float64Array(c);
  sim.sat = new Float64Array(c);
  sim.volt = new Float64Array(c);
  sim.t = new Float64Array(c);
  sim.tier = new Int8Array(c);
}

function pickTier(u) {
  for (let i = 0; i < TIERS.length; i++) {
    u -= TIERS[i].share;
    if (u < 0) return i;
  }
  return TIERS.length - 1;
}

/** The calls of the next dtSim simulated ms: `per` calls on every route, round-robin. */
function generate(dtSim) {
  const from = sim.simMs;
  const perRoute = sim.rate * dtSim / 1000 + sim.carry;
  let k = Math.floor(perRoute);
  sim.carry = perRoute - k;
  const routes = sim.routes;
  if (k * routes > MAX_CALLS_PER_STEP) {
    k = Math.max(1, Math.floor(MAX_CALLS_PER_STEP / routes));
    sim.carry = 0;
  }
  const n = k * routes;
  ensureCapacity(n);
  const healthy = PRESETS.heal;
  const tel = sim.telemetry;
  const rng = sim.rng;
  let i = 0;
  for (let j = 0; j < k; j++) {
    const tSim = from + (j + 1) * dtSim / k;
    const t = Math.floor(T0 + tSim);
    const latencyNow = tSim < sim.spikeUntil ? PRESETS.spike.latencyMs : tel.latencyMs;
    for (let r = 0; r < routes; r++) {
      const f = sim.fragility[r];
      const tier = pickTier(rng());
      sim.route[i] = r;
      sim.tier[i] = tier;
      sim.volt[i] = sim.voltages[tier];
      sim.lat[i] = (healthy.latencyMs + f * (latencyNow - healthy.latencyMs)) * (0.9 + 0.2 * rng());
      sim.err[i] = Math.min(1, (healthy.errorRate + f * (tel.errorRate - healthy.errorRate)) * (0.8 + 0.4 * rng()));
      sim.sat[i] = Math.min(1.2, (healthy.saturation + f * (tel.saturation - healthy.saturation)) * (0.95 + 0.1 * rng()));
      sim.t[i] = t;
      i++;
    }
  }
  sim.simMs = from + dtSim;
  return n;
}

/** Runs calls 0..n-1 through one build in batches; returns the decision codes (reused array). */
const codes = {};
function run(kind, n) {
  const backend = sim.backends[kind];
  const handles = sim.handles[kind];
  const a = backend.batchArrays(CHUNK);
  let out = codes[kind];
  if (!out || out.length < n) out = codes[kind] = new Int32Array(Math.max(n, 1024));
  for (let from = 0; from < n; from += CHUNK) {
    const m = Math.min(CHUNK, n - from);
    for (let i = 0; i < m; i++) a.handles[i] = handles[sim.route[from + i]];
    a.latencyMs.set(sim.lat.subarray(from, from + m));
    a.errorRate.set(sim.err.subarray(from, from + m));
    a.saturation.set(sim.sat.subarray(from, from + m));
    a.voltage.set(sim.volt.subarray(from, from + m));
    a.t.set(sim.t.subarray(from, from + m));
    backend.admitBatch(m);
    out.set(a.decisions.subarray(0, m), from);
  }
  return out;
}

function compareBuilds(n, reference) {
  const [first, ...others] = sim.kinds;
  const ref = reference[first];
  const refState = sim.engines[first].exportState().slice();
  for (const kind of others) {
    const got = reference[kind];
    for (let i = 0; i < n; i++) {
      sim.parity.compared++;
      if (got[i] !== ref[i]) {
        sim.parity.mismatches++;
        report({ call: i, route: routeId(sim.route[i]), [first]: ref[i], [kind]: got[i] });
      }
    }
    const state = sim.engines[kind].exportState();
    for (let j = 0; j < state.length; j++) {
      if (!Object.is(state[j], refState[j])) {
        sim.parity.mismatches++;
        report({ stateField: j, [first]: refState[j], [kind]: state[j] });
        break;
      }
    }
  }
}

function report(detail) {
  if (!sim.parity.reported) {
    sim.parity.reported = true;
    post({ type: 'parity-mismatch', detail });
  }
}

function step() {
  const now = performance.now();
  const realDt = Math.min(100, now - sim.lastStep);
  sim.lastStep = now;
  try {
    if (!sim.paused && realDt > 0) {
      const n = generate(realDt * sim.speed);
      const decided = {};
      for (const kind of sim.kinds) decided[kind] = run(kind, n);
      const shown = decided[sim.display];
      for (let i = 0; i < n; i++) {
        if (sim.route[i] === 0) sim.tierTotals[2 * sim.tier[i] + ((shown[i] & 1) === 1 ? 0 : 1)]++;
      }
      if (sim.kinds.length > 1) compareBuilds(n, decided);
      sim.calls += n;
      publish(now);
    }
    const w = sim.rateWindow;
    if (now - w.since >= 500) {
      w.perSecond = (sim.calls - w.calls) / ((now - w.since) / 1000);
      w.calls = sim.calls;
      w.since = now;
    }
  } catch (e) {
    post({ type: 'error', message: String(e && e.stack || e) });
    return;
  }
  setTimeout(step, STEP_MS);
}

function publish(now, force = false) {
  if (!sim.writer) return;
  const h = sim.header;
  h[H.simTimeMs] = sim.simMs;
  h[H.routes] = sim.routes;
  h[H.stride] = sim.backends[sim.display].stateFields.length;
  h[H.display] = DISPLAYS.indexOf(sim.display);
  h[H.parityCompared] = sim.parity.compared;
  h[H.parityMismatches] = sim.parity.mismatches;
  h[H.callsPerSecond] = sim.rateWindow.perSecond;
  h[H.speed] = sim.speed;
  h[H.paused] = sim.paused ? 1 : 0;
  h[H.published] = ++sim.published;
  h.set(sim.tierTotals, H['critical.ok']);
  sim.writer.write(h, sim.engines[sim.display].exportState());
  if (!sim.writer.shared && (force || now - sim.lastSnapshot >= SNAPSHOT_MS)) {
    sim.lastSnapshot = now;
    const snapshot = sim.writer.snapshot();
    post({ type: 'snapshot', data: snapshot }, [snapshot.buffer]);
  }
}

async function init(msg) {
  sim.routes = msg.routes;
  sim.fragility = fragility(sim.routes);
  sim.config = msg.config || DEMO_CONFIG;
  const unavailable = {};
  for (const kind of msg.kinds) {
    try {
      if (msg.disabled && msg.disabled[kind]) throw new Error(msg.disabled[kind]);
      sim.backends[kind] = await loadBackend(kind);
      sim.kinds.push(kind);
    } catch (e) {
      unavailable[kind] = e.message;
    }
  }
  if (sim.kinds.length === 0) throw new Error(`no build of the engine could be loaded: ${JSON.stringify(unavailable)}`);
  sim.display = sim.kinds[0];
  createEngines();
  post({
    type: 'ready', loaded: sim.kinds, unavailable, stateFields: sim.backends[sim.display].stateFields,
    tiers: tierInfo(), route: ROUTE,
  });
}

/** The page's answer to 'ready': where the state goes (a SharedArrayBuffer, or null for snapshots). */
function attach(msg) {
  const stride = sim.backends[sim.display].stateFields.length;
  sim.writer = new StateWriter(msg.shared || null, sim.routes, stride);
  sim.lastStep = performance.now();
  sim.rateWindow.since = sim.lastStep;
  publish(sim.lastStep);
  setTimeout(step, STEP_MS);
}

function tierInfo() {
  return TIERS.map((tier, i) => ({ name: tier.name, voltage: sim.voltages[i] }));
}

const handlers = {
  init,
  attach,
  telemetry(msg) { Object.assign(sim.telemetry, msg.values); sim.spikeUntil = -1; },
  spike() { sim.spikeUntil = sim.simMs + PRESETS.spike.durationMs; },
  rate(msg) { sim.rate = msg.value; },
  speed(msg) { sim.speed = msg.value; },
  pause(msg) { sim.paused = msg.value; publish(performance.now(), true); },
  display(msg) {
    if (sim.engines[msg.kind]) sim.display = msg.kind;
    publish(performance.now(), true);
  },
  config(msg) {
    const previous = sim.config;
    try {
      sim.config = msg.config;
      createEngines();
      publish(performance.now(), true);
      post({ type: 'configured', tiers: tierInfo() });
    } catch (e) {
      sim.config = previous;
      createEngines();
      post({ type: 'config-error', message: e.message });
    }
  },
  // The engine's own view of the displayed build's routes, for comparing with the page's copy.
  engineState(msg) {
    const engine = sim.engines[sim.display];
    const records = engine.exportState().slice();
    const h = sim.handles[sim.display][0];
    post({
      type: 'engineState', id: msg.id, published: sim.published, records,
      route0: { resistance: engine.resistance(h), scar: engine.scar(h), momentum: engine.momentum(h), mode: engine.mode(h), tick: engine.tick(h) },
    }, [records.buffer]);
  },
};

self.onmessage = (e) => {
  const handler = handlers[e.data.type];
  if (!handler) return;
  Promise.resolve().then(() => handler(e.data)).catch((err) => post({ type: 'error', message: String(err && err.stack || err) }));
};
