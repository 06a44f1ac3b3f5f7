// The real-time demo: a simulated service whose telemetry the visitor drives, traffic of five
// priority tiers admitted or shed by the Atrion physics (the JVM's Java sources compiled by
// TeaVM), and live charts. Both builds (WebAssembly and JavaScript) receive the same request
// stream; the switch chooses which one the charts show, and every decision of the two is
// compared as it happens.
import { loadBackend, wasmGcSupported, MODES } from './atrion.js';
import { drawTimeChart } from './charts.js';
import { benchmark as benchmarkBackend } from './bench.js';
import { ROUTE, T0, TIERS, DEMO_CONFIG, PRESETS, mulberry32 } from './scenario.js';

const WINDOW_S = 30; // seconds of simulated time on the charts
const BUCKET_MS = 500; // admitted/shed buckets

const MODE_COLORS = { BOOTSTRAP: 'rgba(138,150,163,0.18)', OPERATIONAL: 'rgba(62,207,142,0.07)', CIRCUIT_BREAKER: 'rgba(255,93,93,0.22)' };

// ---------------------------------------------------------------- state

const $ = (id) => document.getElementById(id);
const errors = [];

const sim = {
  backends: {}, // kind → Backend
  unavailable: {}, // kind → reason
  engines: {}, // kind → Engine
  routeIndex: {}, // kind → route number
  display: null,
  config: DEMO_CONFIG,
  now: T0,
  speed: 1,
  rate: 100,
  telemetry: { ...PRESETS.heal },
  spike: null, // {until}: the spike preset overrides the latency until then
  carry: 0,
  rng: mulberry32(7),
  samples: [],
  buckets: [],
  totals: TIERS.map(() => ({ admitted: 0, shed: 0 })),
  recent: [], // [{t, tier, allow}] of the last second of simulated time
  parity: { compared: 0, mismatches: 0, first: null },
  live: { kind: null, calls: 0, since: 0, perSecond: 0 },
  bench: {}, // kind → {updatesPerSecond, inModule, ...}
  paused: false,
  lastFrame: 0,
};

// ---------------------------------------------------------------- engines

function createEngines() {
  for (const engine of Object.values(sim.engines)) engine.release();
  sim.engines = {};
  sim.routeIndex = {};
  for (const [kind, backend] of Object.entries(sim.backends)) {
    const engine = backend.create(sim.config);
    sim.engines[kind] = engine;
    sim.routeIndex[kind] = engine.routeIndex(ROUTE);
  }
  sim.now = T0;
  sim.carry = 0;
  sim.samples = [];
  sim.buckets = [];
  sim.recent = [];
  sim.totals = TIERS.map(() => ({ admitted: 0, shed: 0 }));
  sim.parity = { compared: 0, mismatches: 0, first: null };
}

/** The telemetry the service reports for one request at simulated time t: the sliders plus noise. */
function observe(t) {
  const tel = sim.telemetry;
  let latency = tel.latencyMs;
  if (sim.spike && t < sim.spike.until) latency = PRESETS.spike.latencyMs;
  const r = sim.rng;
  return {
    latencyMs: latency * (0.9 + 0.2 * r()),
    errorRate: Math.min(1, tel.errorRate * (0.8 + 0.4 * r())),
    saturation: Math.min(1.2, tel.saturation * (0.95 + 0.1 * r())),
  };
}

function pickTier() {
  let u = sim.rng();
  for (let i = 0; i < TIERS.length; i++) {
    u -= TIERS[i].share;
    if (u < 0) return i;
  }
  return TIERS.length - 1;
}

/** Advances the simulation by dtSim ms: the requests of that interval, through every engine. */
function step(dtSim) {
  const from = sim.now;
  sim.carry += sim.rate * dtSim / 1000;
  const n = Math.floor(sim.carry);
  sim.carry -= n;
  const kinds = Object.keys(sim.engines);
  const display = sim.display;
  for (let i = 0; i < n; i++) {
    const t = Math.floor(from + (i + 1) * dtSim / n);
    const tier = pickTier();
    const tel = observe(t);
    const voltage = TIERS[tier].voltage;
    let shown = 0;
    let reference = null;
    for (const kind of kinds) {
      const engine = sim.engines[kind];
      const flags = engine.routeAt(sim.routeIndex[kind], tel.latencyMs, tel.errorRate, tel.saturation, voltage, t);
      const r = engine.api.resistance();
      if (kind === display) shown = flags;
      if (reference === null) reference = { kind, flags, r };
      else {
        sim.parity.compared++;
        if (flags !== reference.flags || !Object.is(r, reference.r)) {
          sim.parity.mismatches++;
          if (!sim.parity.first) sim.parity.first = { t, [reference.kind]: [reference.flags, reference.r], [kind]: [flags, r] };
        }
      }
    }
    if (kinds.includes(sim.live.kind)) sim.live.calls++;
    record(t, tier, (shown & 1) === 1);
  }
  sim.now = from + dtSim;
  if (sim.spike && sim.now >= sim.spike.until) sim.spike = null;
}

function record(t, tier, allow) {
  const total = sim.totals[tier];
  if (allow) total.admitted++; else total.shed++;
  sim.recent.push({ t, tier, allow });
  const start = Math.floor(t / BUCKET_MS) * BUCKET_MS;
  let b = sim.buckets[sim.buckets.length - 1];
  if (!b || b.start !== start) {
    b = { start, t: (start + BUCKET_MS / 2 - T0) / 1000, admitted: TIERS.map(() => 0), total: TIERS.map(() => 0) };
    sim.buckets.push(b);
  }
  b.total[tier]++;
  if (allow) b.admitted[tier]++;
}

function sample() {
  const engine = sim.engines[sim.display];
  if (!engine) return;
  const s = engine.state(ROUTE);
  if (!s) return;
  const tel = sim.telemetry;
  sim.samples.push({
    t: (sim.now - T0) / 1000, R: s.resistance, S: s.scar, M: s.momentum, mode: s.mode, tick: s.tick,
    breakPoint: s.breakPoint, recoveryPoint: s.recoveryPoint,
    lat: (sim.spike ? PRESETS.spike.latencyMs : tel.latencyMs) / 100, err: tel.errorRate / 0.01, sat: tel.saturation / 0.5,
  });
  const cutoff = (sim.now - T0) / 1000 - WINDOW_S - 1;
  while (sim.samples.length && sim.samples[0].t < cutoff) sim.samples.shift();
  while (sim.buckets.length && sim.buckets[0].t < cutoff) sim.buckets.shift();
  while (sim.recent.length && sim.recent[0].t < sim.now - 1000) sim.recent.shift();
}

// ---------------------------------------------------------------- throughput

// ---------------------------------------------------------------- throughput

/** Updates per second of one build, measured on this page's thread (blocks; pause the demo first). */
export function benchmark(kind, ms = 2000, warmupMs = 500) {
  const result = benchmarkBackend(sim.backends[kind], sim.config, ms, warmupMs);
  return { ...result, userAgent: navigator.userAgent };
}

/** Measures every loaded build, one after the other, in a worker, so that the demo keeps running. */
function measureInWorker() {
  const kinds = Object.keys(sim.backends);
  for (const kind of kinds) sim.bench[kind] = { measuring: true };
  renderBench();
  const next = () => {
    const kind = kinds.shift();
    if (!kind) return;
    const worker = new Worker(new URL('bench-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (e) => {
      worker.terminate();
      sim.bench[kind] = e.data.error ? { error: e.data.error } : e.data.result;
      renderBench();
      next();
    };
    worker.onerror = (e) => {
      worker.terminate();
      sim.bench[kind] = { error: e.message || 'worker failed' };
      renderBench();
      next();
    };
    worker.postMessage({ kind, config: sim.config, ms: 1000, warmupMs: 300 });
  };
  next();
}

// ---------------------------------------------------------------- rendering

function fmtRate(x) {
  if (!Number.isFinite(x)) return '—';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(0);
}

function renderBench() {
  for (const kind of ['wasm', 'js']) {
    const el = $(`ups-${kind}`);
    if (!el) continue;
    const b = sim.bench[kind];
    if (sim.unavailable[kind]) el.textContent = 'unavailable';
    else if (!b || b.measuring) el.textContent = 'measuring…';
    else if (b.error) el.textContent = `measurement failed: ${b.error}`;
    else el.textContent = `${fmtRate(b.updatesPerSecond)} updates/s`;
    el.dataset.value = b && b.updatesPerSecond ? String(b.updatesPerSecond) : '';
  }
}

function bands(samples) {
  const out = [];
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    const last = out[out.length - 1];
    const to = i + 1 < samples.length ? samples[i + 1].t : s.t;
    if (last && last.mode === s.mode) last.to = to;
    else out.push({ mode: s.mode, from: s.t, to, color: MODE_COLORS[s.mode] });
  }
  return out;
}

function render() {
  const t1 = Math.max(WINDOW_S, (sim.now - T0) / 1000);
  const t0 = t1 - WINDOW_S;
  const samples = sim.samples;
  const modeBands = bands(samples);
  drawTimeChart($('chart-r'), samples, [
    { key: 'R', color: '#ffffff', label: 'R (ohms)', width: 2 },
    { key: 'breakPoint', color: '#ff5d5d', label: 'break point', dash: [5, 3], step: true },
    { key: 'recoveryPoint', color: '#3ecf8e', label: 'recovery point', dash: [2, 3], step: true },
    ...TIERS.map((tier) => ({ value: () => tier.voltage, color: tier.color, dash: [1, 4], width: 1 })),
  ], { t0, t1, log: true, min: 0.3, max: 2000, bands: modeBands, title: 'resistance' });
  drawTimeChart($('chart-sm'), samples, [
    { key: 'S', color: '#f5b94a', label: 'scar S', width: 2 },
    { value: (s) => s.M * 1000, color: '#b48cff', label: 'momentum M ×1000' },
  ], { t0, t1, bands: modeBands, title: 'scar & momentum' });
  drawTimeChart($('chart-tel'), samples, [
    { key: 'lat', color: '#4fb3ff', label: 'latency / 100 ms', step: true },
    { key: 'err', color: '#ff7a59', label: 'errors / 1%', step: true },
    { key: 'sat', color: '#c9d36a', label: 'saturation / 0.5', step: true },
  ], { t0, t1, log: true, min: 0.1, max: 200, title: 'telemetry ÷ SLO baseline' });
  drawTimeChart($('chart-tiers'), sim.buckets, TIERS.map((tier, i) => ({
    value: (b) => (b.total[i] ? 100 * b.admitted[i] / b.total[i] : NaN), color: tier.color, label: `${tier.name} (${tier.voltage} V)`,
  })), { t0, t1, min: 0, max: 100, bands: modeBands, title: 'admitted %' });

  const last = samples[samples.length - 1];
  if (last) {
    $('mode').textContent = last.mode;
    $('mode').className = `mode ${last.mode}`;
    document.body.dataset.mode = last.mode;
    $('val-r').textContent = last.R.toPrecision(5);
    $('val-s').textContent = last.S.toPrecision(4);
    $('val-m').textContent = last.M.toExponential(2);
    $('val-tick').textContent = String(last.tick);
    $('val-bp').textContent = last.breakPoint.toPrecision(4);
    $('val-rp').textContent = last.recoveryPoint.toPrecision(4);
  }
  const rows = $('tiers').tBodies[0].rows;
  const recent = TIERS.map(() => ({ admitted: 0, shed: 0 }));
  for (const e of sim.recent) { if (e.allow) recent[e.tier].admitted++; else recent[e.tier].shed++; }
  TIERS.forEach((tier, i) => {
    const cells = rows[i].cells;
    cells[2].textContent = String(recent[i].admitted);
    cells[3].textContent = String(recent[i].shed);
    cells[4].textContent = String(sim.totals[i].admitted);
    cells[5].textContent = String(sim.totals[i].shed);
  });
  $('sim-time').textContent = `${((sim.now - T0) / 1000).toFixed(1)} s`;
  const p = sim.parity;
  $('parity').textContent = Object.keys(sim.engines).length < 2 ? 'one build only'
    : p.mismatches === 0 ? `WASM and JS identical on ${p.compared} decisions` : `${p.mismatches} of ${p.compared} decisions differ`;
  $('parity').className = p.mismatches === 0 ? 'ok' : 'bad';
  $('live-rate').textContent = `${fmtRate(sim.live.perSecond)} updates/s`;
}

function frame(now) {
  try {
    const realDt = sim.lastFrame ? Math.min(100, now - sim.lastFrame) : 16;
    sim.lastFrame = now;
    if (!sim.paused) step(realDt * sim.speed);
    sample();
    if (now - sim.live.since >= 1000) {
      sim.live.perSecond = sim.live.calls / ((now - sim.live.since) / 1000);
      sim.live.calls = 0;
      sim.live.since = now;
    }
    render();
  } catch (e) {
    reportError(e);
  }
  requestAnimationFrame(frame);
}

// ---------------------------------------------------------------- controls

function setTelemetry(values) {
  Object.assign(sim.telemetry, values);
  $('lat').value = String(sim.telemetry.latencyMs);
  $('err').value = String(sim.telemetry.errorRate);
  $('sat').value = String(sim.telemetry.saturation);
  showTelemetry();
}

function showTelemetry() {
  $('lat-v').textContent = `${Number(sim.telemetry.latencyMs).toFixed(0)} ms`;
  $('err-v').textContent = `${(sim.telemetry.errorRate * 100).toFixed(1)} %`;
  $('sat-v').textContent = Number(sim.telemetry.saturation).toFixed(2);
}

function preset(name) {
  if (name === 'spike') {
    sim.spike = { until: sim.now + PRESETS.spike.durationMs };
    return;
  }
  sim.spike = null;
  setTelemetry(PRESETS[name]);
}

function selectBackend(kind) {
  if (!sim.engines[kind]) return false;
  sim.display = kind;
  sim.live = { kind, calls: 0, since: performance.now(), perSecond: 0 };
  sim.samples = [];
  for (const input of document.querySelectorAll('input[name=engine]')) input.checked = input.value === kind;
  document.body.dataset.engine = kind;
  return true;
}

function wire() {
  for (const [id, key] of [['lat', 'latencyMs'], ['err', 'errorRate'], ['sat', 'saturation']]) {
    $(id).addEventListener('input', (e) => {
      sim.telemetry[key] = Number(e.target.value);
      sim.spike = null;
      showTelemetry();
    });
  }
  for (const button of document.querySelectorAll('button[data-preset]')) {
    button.addEventListener('click', () => preset(button.dataset.preset));
  }
  $('rate').addEventListener('input', (e) => { sim.rate = Number(e.target.value); $('rate-v').textContent = `${sim.rate}/s`; });
  $('speed').addEventListener('change', (e) => { sim.speed = Number(e.target.value); });
  $('pause').addEventListener('click', () => { sim.paused = !sim.paused; $('pause').textContent = sim.paused ? 'resume' : 'pause'; });
  $('reset').addEventListener('click', () => applyConfig());
  $('bench').addEventListener('click', () => measureInWorker());
  for (const input of document.querySelectorAll('input[name=engine]')) {
    input.addEventListener('change', () => selectBackend(input.value));
  }
  $('config').value = JSON.stringify(DEMO_CONFIG, null, 1);
}

function applyConfig() {
  try {
    const config = JSON.parse($('config').value);
    sim.config = config;
    createEngines();
    $('config-error').textContent = '';
  } catch (e) {
    $('config-error').textContent = e.message;
  }
}

function reportError(e) {
  const text = String(e && e.stack || e);
  errors.push(text);
  $('errors').textContent = `error: ${e && e.message || e}`;
  $('errors').hidden = false;
  console.error(e);
}

window.addEventListener('error', (e) => reportError(e.error || e.message));
window.addEventListener('unhandledrejection', (e) => reportError(e.reason));

// ---------------------------------------------------------------- start

async function start() {
  wire();
  showTelemetry();
  // ?wasm=off runs the demo as a browser without WebAssembly GC would: on the JavaScript build.
  if (new URLSearchParams(location.search).get('wasm') === 'off') sim.unavailable.wasm = 'turned off by ?wasm=off';
  for (const kind of ['wasm', 'js']) {
    try {
      if (sim.unavailable[kind]) throw new Error(sim.unavailable[kind]);
      sim.backends[kind] = await loadBackend(kind);
    } catch (e) {
      sim.unavailable[kind] = e.message;
      const input = document.querySelector(`input[name=engine][value=${kind}]`);
      input.disabled = true;
      input.parentElement.title = e.message;
    }
  }
  if (Object.keys(sim.backends).length === 0) throw new Error('no build of the engine could be loaded');
  createEngines();
  selectBackend(sim.backends.wasm ? 'wasm' : 'js');
  const loaded = Object.keys(sim.backends).map((k) => (k === 'wasm' ? 'WASM (Wasm GC)' : 'JS')).join(' + ');
  $('status').textContent = `engine ready: ${loaded}`;
  $('status').className = 'ok';
  document.body.dataset.ready = 'true';
  renderBench();
  requestAnimationFrame(frame);
  setTimeout(measureInWorker, 1000);
}

// The hooks the browser tests (and the curious, from the console) use.
window.atrionDemo = {
  errors, sim, TIERS, PRESETS, benchmark, preset, setTelemetry, selectBackend,
  wasmGcSupported,
  state: () => (sim.engines[sim.display] ? sim.engines[sim.display].state(ROUTE) : null),
  tiers: () => TIERS.map((tier, i) => ({ name: tier.name, voltage: tier.voltage, ...sim.totals[i] })),
  modes: MODES,
};

start().catch((e) => {
  reportError(e);
  $('status').textContent = `engine failed: ${e.message}`;
  $('status').className = 'bad';
  document.body.dataset.ready = 'false';
});
