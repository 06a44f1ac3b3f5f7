// The real-time demo's page: the engine runs in a Web Worker (demo-worker.js), which simulates
// ROUTES routes driven by the sliders and decides their traffic in batches with both builds
// (WebAssembly and JavaScript), comparing them as it goes. The page only renders: every animation
// frame it reads the route state from memory it shares with the worker (a SharedArrayBuffer,
// shared-state.js), or, where the page is not cross-origin isolated, from the latest snapshot the
// worker posted. It sends the worker nothing but the visitor's controls.
import { wasmGcSupported, MODES } from './atrion.js';
import { drawTimeChart, drawRouteGrid } from './charts.js';
import { ROUTES, T0, TIERS, DEMO_CONFIG, PRESETS } from './scenario.js';
import { DISPLAYS, StateReader, createShared } from './shared-state.js';

const WINDOW_S = 30; // seconds of simulated time on the charts
const BUCKET_MS = 500; // admitted/shed buckets
const FRAME_SAMPLES = 3600; // frame times kept for frameStats(): a minute at 60 frames/s

const MODE_COLORS = { BOOTSTRAP: 'rgba(138,150,163,0.18)', OPERATIONAL: 'rgba(62,207,142,0.07)', CIRCUIT_BREAKER: 'rgba(255,93,93,0.22)' };

const $ = (id) => document.getElementById(id);
const errors = [];
const params = new URLSearchParams(location.search);

const sim = {
  worker: null,
  reader: null,
  transport: null, // 'shared' | 'messages'
  loaded: [],
  unavailable: {},
  display: null,
  fields: {}, // state field name → index
  tiers: TIERS.map((t) => ({ ...t, voltage: NaN })),
  telemetry: { ...PRESETS.heal },
  spikeUntil: -1,
  paused: false,
  samples: [],
  buckets: [],
  lastTotals: null,
  lastSimMs: -1,
  parity: { compared: 0, mismatches: 0, first: null },
  messages: 0, // messages received from the worker (state snapshots included)
  frames: { last: 0, intervals: [], work: [] },
  bench: {},
  pending: new Map(),
  nextRequest: 1,
};

// ---------------------------------------------------------------- the worker

function send(msg) {
  sim.worker.postMessage(msg);
}

function onWorkerMessage(e) {
  sim.messages++;
  const msg = e.data;
  switch (msg.type) {
    case 'ready': return onReady(msg);
    case 'snapshot': sim.reader.accept(msg.data); return undefined;
    case 'parity-mismatch': sim.parity.first = msg.detail; return undefined;
    case 'configured':
      setTiers(msg.tiers);
      resetCharts();
      $('config-error').textContent = '';
      return undefined;
    case 'config-error': $('config-error').textContent = msg.message; return undefined;
    case 'engineState': {
      const resolve = sim.pending.get(msg.id);
      sim.pending.delete(msg.id);
      if (resolve) resolve(msg);
      return undefined;
    }
    case 'error': return reportError(new Error(msg.message));
    default: return undefined;
  }
}

function onReady(msg) {
  sim.loaded = msg.loaded;
  sim.unavailable = msg.unavailable;
  msg.stateFields.forEach((name, i) => { sim.fields[name] = i; });
  for (const [kind, reason] of Object.entries(msg.unavailable)) {
    const input = document.querySelector(`input[name=engine][value=${kind}]`);
    input.disabled = true;
    input.parentElement.title = reason;
  }
  setTiers(msg.tiers);
  // The state's transport: shared memory when this page is cross-origin isolated (the server sends
  // COOP/COEP), unless ?shared=off asks for the fallback.
  const shared = params.get('shared') === 'off' ? null : createShared(ROUTES, msg.stateFields.length);
  sim.reader = new StateReader(shared, ROUTES, msg.stateFields.length);
  sim.transport = shared ? 'shared' : 'messages';
  send({ type: 'attach', shared });
  const why = shared ? 'SharedArrayBuffer: the page reads the worker\'s memory every frame, no message per update'
    : (params.get('shared') === 'off' ? 'postMessage snapshots (?shared=off)' : 'postMessage snapshots (this page is not cross-origin isolated)');
  $('transport').textContent = why;
  $('transport').dataset.transport = sim.transport;
  document.body.dataset.transport = sim.transport;
  const names = msg.loaded.map((k) => (k === 'wasm' ? 'WASM (Wasm GC)' : 'JS')).join(' + ');
  $('status').textContent = `engine ready: ${names}`;
  $('status').className = 'ok';
  selectBackend(msg.loaded[0]);
  document.body.dataset.ready = 'true';
  setTimeout(measureInWorker, 1500);
}

function setTiers(tiers) {
  const rows = $('tiers').tBodies[0].rows;
  tiers.forEach((t, i) => {
    sim.tiers[i].voltage = t.voltage;
    rows[i].cells[1].textContent = fmtVolts(t.voltage);
  });
}

function fmtVolts(v) {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}

/** The engine's own state of the displayed build's routes (a request to the worker), for tests. */
function engineState() {
  const id = sim.nextRequest++;
  return new Promise((resolve) => {
    sim.pending.set(id, resolve);
    send({ type: 'engineState', id });
  });
}

// ---------------------------------------------------------------- reading the shared state

/** One frame's view: reads the latest update and turns it into chart samples. */
function ingest() {
  const r = sim.reader;
  if (!r) return;
  r.read();
  const simMs = r.header('simTimeMs');
  if (!(r.header('published') > 0)) return;
  sim.display = DISPLAYS[r.header('display')];
  sim.parity.compared = r.header('parityCompared');
  sim.parity.mismatches = r.header('parityMismatches');
  sim.paused = r.header('paused') === 1;
  if (simMs === sim.lastSimMs) return;
  sim.lastSimMs = simMs;
  const f = sim.fields;
  const mode = r.field(0, f.mode);
  if (mode < 0) return;
  const tel = sim.telemetry;
  const spiking = simMs < sim.spikeUntil;
  sim.samples.push({
    t: simMs / 1000, R: r.field(0, f.resistance), S: r.field(0, f.scar), M: r.field(0, f.momentum),
    mode: MODES[mode], tick: r.field(0, f.tick), breakPoint: r.field(0, f.breakPoint), recoveryPoint: r.field(0, f.recoveryPoint),
    lat: (spiking ? PRESETS.spike.latencyMs : tel.latencyMs) / 100, err: tel.errorRate / 0.01, sat: tel.saturation / 0.5,
  });
  // Admitted share per tier of route 0, per 500 ms of simulated time, from the running totals.
  const totals = TIERS.map((_, i) => [r.header(`${TIERS[i].name}.ok`), r.header(`${TIERS[i].name}.shed`)]);
  if (sim.lastTotals) {
    const start = Math.floor(simMs / BUCKET_MS) * BUCKET_MS;
    let b = sim.buckets[sim.buckets.length - 1];
    if (!b || b.start !== start) {
      b = { start, t: (start + BUCKET_MS / 2) / 1000, admitted: TIERS.map(() => 0), total: TIERS.map(() => 0) };
      sim.buckets.push(b);
    }
    totals.forEach(([ok, shed], i) => {
      const dOk = ok - sim.lastTotals[i][0];
      const dShed = shed - sim.lastTotals[i][1];
      b.admitted[i] += dOk;
      b.total[i] += dOk + dShed;
    });
  }
  sim.lastTotals = totals;
  const cutoff = simMs / 1000 - WINDOW_S - 1;
  while (sim.samples.length && sim.samples[0].t < cutoff) sim.samples.shift();
  while (sim.buckets.length && sim.buckets[0].t < cutoff) sim.buckets.shift();
}

/** Route 0's state as the page sees it (from the shared buffer or the last snapshot). */
function pageState() {
  const r = sim.reader;
  if (!r || !(r.header('published') > 0)) return null;
  const f = sim.fields;
  const mode = r.field(0, f.mode);
  if (mode < 0) return null;
  return {
    mode: MODES[mode], resistance: r.field(0, f.resistance), scar: r.field(0, f.scar), momentum: r.field(0, f.momentum),
    tick: r.field(0, f.tick), breakPoint: r.field(0, f.breakPoint), recoveryPoint: r.field(0, f.recoveryPoint),
  };
}

// ---------------------------------------------------------------- rendering

function fmtRate(x) {
  if (!Number.isFinite(x)) return '—';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(0);
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
  const r = sim.reader;
  if (!r || !(r.header('published') > 0)) return;
  const simS = r.header('simTimeMs') / 1000;
  const t1 = Math.max(WINDOW_S, simS);
  const t0 = t1 - WINDOW_S;
  const samples = sim.samples;
  const modeBands = bands(samples);
  drawTimeChart($('chart-r'), samples, [
    { key: 'R', color: '#ffffff', label: 'R (ohms)', width: 2 },
    { key: 'breakPoint', color: '#ff5d5d', label: 'break point', dash: [5, 3], step: true },
    { key: 'recoveryPoint', color: '#3ecf8e', label: 'recovery point', dash: [2, 3], step: true },
    ...sim.tiers.map((tier) => ({ value: () => tier.voltage, color: tier.color, dash: [1, 4], width: 1 })),
  ], { t0, t1, log: true, min: 5, max: 5000, bands: modeBands, title: 'resistance of api/checkout' });
  drawTimeChart($('chart-sm'), samples, [
    { key: 'S', color: '#f5b94a', label: 'scar S', width: 2 },
    { value: (s) => s.M * 1000, color: '#b48cff', label: 'momentum M ×1000' },
  ], { t0, t1, bands: modeBands, title: 'scar & momentum' });
  drawTimeChart($('chart-tel'), samples, [
    { key: 'lat', color: '#4fb3ff', label: 'latency / 100 ms', step: true },
    { key: 'err', color: '#ff7a59', label: 'errors / 1%', step: true },
    { key: 'sat', color: '#c9d36a', label: 'saturation / 0.5', step: true },
  ], { t0, t1, log: true, min: 0.1, max: 200, title: 'telemetry ÷ SLO baseline' });
  drawTimeChart($('chart-tiers'), sim.buckets, sim.tiers.map((tier, i) => ({
    value: (b) => (b.total[i] ? 100 * b.admitted[i] / b.total[i] : NaN), color: tier.color, label: `${tier.name} (${fmtVolts(tier.voltage)} V)`,
  })), { t0, t1, min: 0, max: 100, bands: modeBands, title: 'admitted % of api/checkout' });
  const f = sim.fields;
  const rBase = sim.tiers[4].voltage / 1.2; // bulk is 1.2·R_base (SPEC §2.8)
  const grid = drawRouteGrid($('grid'), ROUTES, (i) => r.field(i, f.mode), (i) => r.field(i, f.resistance),
    (i) => r.field(i, f.breakPoint), rBase);
  $('grid-summary').textContent = `${grid.operational} operational · ${grid.breaker} circuit breaker · ${grid.bootstrap} bootstrap`;
  document.body.dataset.breakers = String(grid.breaker);

  const last = pageState();
  if (last) {
    $('mode').textContent = last.mode;
    $('mode').className = `mode ${last.mode}`;
    document.body.dataset.mode = last.mode;
    $('val-r').textContent = last.resistance.toPrecision(5);
    $('val-s').textContent = last.scar.toPrecision(4);
    $('val-m').textContent = last.momentum.toExponential(2);
    $('val-tick').textContent = String(last.tick);
    $('val-bp').textContent = last.breakPoint.toPrecision(4);
    $('val-rp').textContent = last.recoveryPoint.toPrecision(4);
  }
  const rows = $('tiers').tBodies[0].rows;
  const totals = tiers();
  const recent = recentRates();
  totals.forEach((t, i) => {
    const cells = rows[i].cells;
    cells[2].textContent = recent ? recent[i][0].toFixed(0) : '';
    cells[3].textContent = recent ? recent[i][1].toFixed(0) : '';
    cells[4].textContent = String(t.admitted);
    cells[5].textContent = String(t.shed);
  });
  $('sim-time').textContent = `${simS.toFixed(1)} s`;
  const p = sim.parity;
  $('parity').textContent = sim.loaded.length < 2 ? 'one build only'
    : p.mismatches === 0 ? `WASM and JS identical on ${p.compared} decisions` : `${p.mismatches} of ${p.compared} decisions differ`;
  $('parity').className = p.mismatches === 0 ? 'ok' : 'bad';
  $('live-rate').textContent = `${fmtRate(r.header('callsPerSecond'))} updates/s (${ROUTES} routes)`;
  const stats = frameStats();
  $('frames').textContent = stats.frames ? `${stats.fps.toFixed(0)} frames/s, p99 ${stats.p99.toFixed(1)} ms` : '—';
}

/** Requests per second of route 0 by tier over the last second of simulated time: [[ok, shed], ...]. */
function recentRates() {
  const b = sim.buckets;
  if (b.length < 3) return null;
  const use = b.slice(-3, -1); // two complete buckets
  return TIERS.map((_, i) => {
    const ok = use.reduce((s, x) => s + x.admitted[i], 0);
    const all = use.reduce((s, x) => s + x.total[i], 0);
    return [ok * 1000 / (BUCKET_MS * use.length), (all - ok) * 1000 / (BUCKET_MS * use.length)];
  });
}

/** Route 0's admitted and shed totals per tier (from the shared state). */
function tiers() {
  const r = sim.reader;
  return sim.tiers.map((tier) => ({
    name: tier.name, voltage: tier.voltage,
    admitted: r ? r.header(`${tier.name}.ok`) : 0, shed: r ? r.header(`${tier.name}.shed`) : 0,
  }));
}

function frame(now) {
  const started = performance.now();
  try {
    const fr = sim.frames;
    if (fr.last) {
      fr.intervals.push(now - fr.last);
      if (fr.intervals.length > FRAME_SAMPLES) fr.intervals.shift();
    }
    fr.last = now;
    ingest();
    render();
    fr.work.push(performance.now() - started);
    if (fr.work.length > FRAME_SAMPLES) fr.work.shift();
  } catch (e) {
    reportError(e);
  }
  requestAnimationFrame(frame);
}

function percentile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

/** Frame intervals and the page's own work per frame over the last FRAME_SAMPLES frames (ms). */
function frameStats() {
  const iv = [...sim.frames.intervals].sort((a, b) => a - b);
  const work = [...sim.frames.work].sort((a, b) => a - b);
  const mean = iv.reduce((s, x) => s + x, 0) / (iv.length || 1);
  return {
    frames: iv.length, fps: 1000 / mean, mean, p50: percentile(iv, 0.5), p95: percentile(iv, 0.95),
    p99: percentile(iv, 0.99), max: iv[iv.length - 1], over20ms: iv.filter((x) => x > 20).length,
    workMean: work.reduce((s, x) => s + x, 0) / (work.length || 1), workP99: percentile(work, 0.99), workMax: work[work.length - 1],
  };
}

// ---------------------------------------------------------------- throughput (bench.js, in its own worker)

function measureInWorker() {
  const kinds = [...sim.loaded];
  for (const kind of kinds) sim.bench[kind] = { measuring: true };
  renderBench();
  const next = () => {
    const kind = kinds.shift();
    if (!kind) return;
    const worker = new Worker(new URL('bench-worker.js', import.meta.url), { type: 'module' });
    const done = (result) => {
      worker.terminate();
      sim.bench[kind] = result;
      renderBench();
      next();
    };
    worker.onmessage = (e) => done(e.data.error ? { error: e.data.error } : e.data.result);
    worker.onerror = (e) => done({ error: e.message || 'worker failed' });
    worker.postMessage({ kind, mode: 'call', runs: 1, ms: 1000, warmupMs: 500 });
  };
  next();
}

function renderBench() {
  for (const kind of ['wasm', 'js']) {
    const el = $(`ups-${kind}`);
    const b = sim.bench[kind];
    if (sim.unavailable[kind]) el.textContent = 'unavailable';
    else if (!b || b.measuring) el.textContent = 'measuring…';
    else if (b.error) el.textContent = `measurement failed: ${b.error}`;
    else el.textContent = `${fmtRate(b.median)} updates/s`;
    el.dataset.value = b && b.median ? String(b.median) : '';
  }
}

// ---------------------------------------------------------------- controls

function setTelemetry(values) {
  Object.assign(sim.telemetry, values);
  sim.spikeUntil = -1;
  $('lat').value = String(sim.telemetry.latencyMs);
  $('err').value = String(sim.telemetry.errorRate);
  $('sat').value = String(sim.telemetry.saturation);
  showTelemetry();
  send({ type: 'telemetry', values: { ...sim.telemetry } });
}

function showTelemetry() {
  $('lat-v').textContent = `${Number(sim.telemetry.latencyMs).toFixed(0)} ms`;
  $('err-v').textContent = `${(sim.telemetry.errorRate * 100).toFixed(1)} %`;
  $('sat-v').textContent = Number(sim.telemetry.saturation).toFixed(2);
}

function preset(name) {
  if (name === 'spike') {
    sim.spikeUntil = sim.lastSimMs + PRESETS.spike.durationMs;
    send({ type: 'spike' });
    return;
  }
  setTelemetry(PRESETS[name]);
}

function selectBackend(kind) {
  if (!sim.loaded.includes(kind)) return false;
  sim.display = kind;
  send({ type: 'display', kind });
  resetCharts();
  for (const input of document.querySelectorAll('input[name=engine]')) input.checked = input.value === kind;
  document.body.dataset.engine = kind;
  return true;
}

function resetCharts() {
  sim.samples = [];
  sim.buckets = [];
  sim.lastTotals = null;
  sim.lastSimMs = -1;
}

function wire() {
  for (const [id, key] of [['lat', 'latencyMs'], ['err', 'errorRate'], ['sat', 'saturation']]) {
    $(id).addEventListener('input', (e) => {
      sim.telemetry[key] = Number(e.target.value);
      sim.spikeUntil = -1;
      showTelemetry();
      send({ type: 'telemetry', values: { ...sim.telemetry } });
    });
  }
  for (const button of document.querySelectorAll('button[data-preset]')) {
    button.addEventListener('click', () => preset(button.dataset.preset));
  }
  $('rate').addEventListener('input', (e) => {
    $('rate-v').textContent = `${e.target.value}/s per route`;
    send({ type: 'rate', value: Number(e.target.value) });
  });
  $('speed').addEventListener('change', (e) => send({ type: 'speed', value: Number(e.target.value) }));
  $('pause').addEventListener('click', () => {
    sim.paused = !sim.paused;
    $('pause').textContent = sim.paused ? 'resume' : 'pause';
    send({ type: 'pause', value: sim.paused });
  });
  $('reset').addEventListener('click', () => applyConfig());
  $('bench').addEventListener('click', () => measureInWorker());
  for (const input of document.querySelectorAll('input[name=engine]')) {
    input.addEventListener('change', () => selectBackend(input.value));
  }
  $('config').value = JSON.stringify(DEMO_CONFIG, null, 1);
}

function applyConfig() {
  try {
    send({ type: 'config', config: JSON.parse($('config').value) });
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

function start() {
  wire();
  showTelemetry();
  const disabled = {};
  // ?wasm=off runs the demo as a browser without WebAssembly GC would: on the JavaScript build.
  if (params.get('wasm') === 'off') disabled.wasm = 'turned off by ?wasm=off';
  else if (!wasmGcSupported()) disabled.wasm = 'this browser has no WebAssembly GC support';
  sim.worker = new Worker(new URL('demo-worker.js', import.meta.url), { type: 'module' });
  sim.worker.onmessage = onWorkerMessage;
  sim.worker.onerror = (e) => reportError(new Error(`worker: ${e.message}`));
  send({ type: 'init', routes: ROUTES, config: DEMO_CONFIG, kinds: ['wasm', 'js'], disabled });
  requestAnimationFrame(frame);
}

// The hooks the browser tests (and the curious, from the console) use.
window.atrionDemo = {
  errors, sim, TIERS, PRESETS, preset, setTelemetry, selectBackend, wasmGcSupported, engineState, frameStats,
  state: pageState,
  tiers,
  /** Every route's record as the page holds it now (numbers, route-number order). */
  pageRecords: () => (sim.reader ? Array.from(sim.reader.copy.subarray(sim.reader.copy.length - ROUTES * sim.reader.stride)) : null),
  header: (name) => (sim.reader ? sim.reader.header(name) : NaN),
  modes: MODES,
  T0,
};

try {
  start();
} catch (e) {
  reportError(e);
  $('status').textContent = `engine failed: ${e.message}`;
  $('status').className = 'bad';
  document.body.dataset.ready = 'false';
}
