// Replay traces (SPEC §8) in the browser and compare the decisions with the JVM's output,
// call for call and bit for bit.
import { mulberry32 } from './scenario.js';
import { isAllowed, modeOf } from './atrion.js';

/** Reads a JSON Lines trace: the header line, then one call per line (blank lines skipped). */
export function parseTrace(text) {
  const lines = text.split('\n');
  let header = null;
  const calls = [];
  lines.forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '');
    if (line.trim() === '') return;
    const obj = parseLine(line, i + 1);
    if (header === null) { header = obj; return; }
    for (const key of ['t', 'route', 'latencyMs']) {
      if (obj[key] === undefined || obj[key] === null) throw new Error(`line ${i + 1}: missing field "${key}"`);
    }
    calls.push({
      line: i + 1,
      t: num(obj.t),
      route: obj.route,
      latencyMs: num(obj.latencyMs),
      errorRate: obj.errorRate === undefined ? 0 : num(obj.errorRate),
      saturation: obj.saturation === undefined ? 0 : num(obj.saturation),
      voltage: obj.voltage === undefined ? 100 : num(obj.voltage),
    });
  });
  if (header === null) throw new Error('no header line');
  return { header, calls };
}

/** Reads the JVM's replay output: one decision per line. */
export function parseExpected(text) {
  return text.split('\n').filter((l) => l.trim() !== '').map((l, i) => parseLine(l, i + 1));
}

// JSON plus the replay reader's extension: bare NaN, Infinity and -Infinity number literals.
function parseLine(line, n) {
  const quoted = line.replace(/([:,[]\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, '$1"$2"');
  try {
    return JSON.parse(quoted);
  } catch (e) {
    throw new Error(`line ${n}: ${e.message}`);
  }
}

function num(v) {
  return typeof v === 'string' ? Number(v) : v;
}

/**
 * Runs every call of the trace through a fresh engine of this backend, one admit() per call;
 * returns the decisions (as objects) and every route's final state.
 */
export function runTrace(backend, trace) {
  const engine = backend.create(trace.header);
  try {
    const decisions = trace.calls.map((c) => engine.route(c.route, c.latencyMs, c.errorRate, c.saturation, c.voltage, c.t));
    return { decisions, finalStates: finalStates(engine, trace) };
  } finally {
    engine.release();
  }
}

/**
 * Runs the trace through a fresh engine in batches (admitBatch, one boundary crossing per batch
 * of `chunk` calls); returns the decision codes and every route's final state.
 */
export function runTraceBatched(backend, trace, chunk = 500) {
  const engine = backend.create(trace.header);
  try {
    const n = trace.calls.length;
    const calls = {
      handles: new Int32Array(n), latencyMs: new Float64Array(n), errorRate: new Float64Array(n),
      saturation: new Float64Array(n), voltage: new Float64Array(n), t: new Float64Array(n),
    };
    trace.calls.forEach((c, i) => {
      calls.handles[i] = engine.handle(c.route);
      calls.latencyMs[i] = c.latencyMs;
      calls.errorRate[i] = c.errorRate;
      calls.saturation[i] = c.saturation;
      calls.voltage[i] = c.voltage;
      calls.t[i] = c.t;
    });
    const codes = engine.admitBatch(calls, n, new Int32Array(n), chunk);
    return { codes, finalStates: finalStates(engine, trace) };
  } finally {
    engine.release();
  }
}

function finalStates(engine, trace) {
  const out = {};
  for (const id of new Set(trace.calls.map((c) => c.route))) out[id] = engine.state(id);
  return out;
}

/**
 * The batched run against the JVM's output (allow and mode of every call) and against the
 * one-call-at-a-time run (every route's final state, doubles bit for bit).
 */
export function compareBatched(trace, expected, batched, single) {
  const mismatches = [];
  const n = Math.min(expected.length, batched.codes.length);
  for (let i = 0; i < n; i++) {
    const code = batched.codes[i];
    const allow = isAllowed(code);
    const mode = modeOf(code);
    if (allow !== expected[i].allow) mismatches.push({ call: i + 1, line: trace.calls[i].line, field: 'allow', expected: expected[i].allow, actual: allow });
    if (mode !== expected[i].mode) mismatches.push({ call: i + 1, line: trace.calls[i].line, field: 'mode', expected: expected[i].mode, actual: mode });
  }
  for (const [id, s] of Object.entries(single.finalStates)) {
    const b = batched.finalStates[id];
    for (const [k, v] of Object.entries(s || {})) {
      if (!b || !Object.is(v, b[k])) mismatches.push({ call: 'final', route: id, field: k, expected: v, actual: b && b[k] });
    }
  }
  return { calls: trace.calls.length, compared: n, mismatches };
}

/** The raw bits of a double, as 16 hex digits. */
export function bits(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/**
 * Compares the browser's decisions with the JVM's, field by field: route, t, allow, mode, tick
 * equal; resistance, scar and momentum the same double (the JVM writes doubles so that they
 * read back as the same bits; its format writes -0.0 as 0, so a zero matches either zero).
 */
export function compare(trace, expected, actual) {
  const mismatches = [];
  if (expected.length !== trace.calls.length) {
    mismatches.push({ call: 0, field: 'count', expected: expected.length, actual: trace.calls.length });
  }
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    const c = trace.calls[i];
    const fields = [
      ['route', e.route, c.route],
      ['t', e.t, c.t],
      ['allow', e.allow, a.allow],
      ['mode', e.mode, a.mode],
      ['tick', e.tick, a.tick],
      ['resistance', e.resistance, a.resistance],
      ['scar', e.scar, a.scar],
      ['momentum', e.momentum, a.momentum],
    ];
    for (const [field, ev, av] of fields) {
      if (ev !== av) {
        const m = { call: i + 1, line: c.line, field, expected: ev, actual: av };
        if (typeof ev === 'number' && typeof av === 'number') {
          m.expectedBits = bits(ev);
          m.actualBits = bits(av);
        }
        mismatches.push(m);
      }
    }
  }
  return { calls: trace.calls.length, compared: n, mismatches };
}

/**
 * Where TeaVM's own StrictMath differs from fdlibm (which the physics uses, through FdlibmMath):
 * the arguments this trace feeds to tanh (pressure), exp (scar decay) and log (weights),
 * evaluated both ways in this backend.
 */
export function mathAudit(backend, trace) {
  // The trace's settings as the engine resolves them (defaults included), asked of the module.
  const setting = (key) => backend.configValue(trace.header, key);
  const k = setting('config.tanhScale');
  const lambda = setting('config.decayRate');
  const baselines = ['slo.baselineLatencyMs', 'slo.targetErrorRate', 'slo.baselineSaturation'].map(setting);
  const args = { tanh: [], exp: [], log: [] };
  for (const key of ['slo.criticality.latency', 'slo.criticality.error', 'slo.criticality.saturation']) {
    args.log.push(1 + setting(key));
  }
  const last = new Map();
  for (const call of trace.calls) {
    [call.latencyMs, call.errorRate, call.saturation].forEach((x, j) => {
      const v = Number.isFinite(x) ? x : 0;
      const b = baselines[j];
      args.tanh.push(((v - b) / b) * k);
    });
    const prev = last.has(call.route) ? last.get(call.route) : call.t;
    if (call.t > prev) {
      const exponent = ((call.t - prev) / 1000.0) * (-lambda);
      if (exponent >= -745) args.exp.push(exponent);
    }
    last.set(call.route, Math.max(prev, call.t));
  }
  const fns = { tanh: 0, exp: 1, log: 2 };
  const report = {};
  for (const [name, xs] of Object.entries(args)) {
    let differ = 0;
    let example = null;
    for (const x of xs) {
      const port = backend.api.math(fns[name], true, x);
      const teavm = backend.api.math(fns[name], false, x);
      if (!Object.is(port, teavm)) {
        differ++;
        if (example === null) example = { x, fdlibm: port, teavmStrictMath: teavm };
      }
    }
    report[name] = { arguments: xs.length, differ, example };
  }
  return report;
}

/**
 * The same comparison on random arguments (a fixed seed): tanh on [-30, 30] and on tiny and huge
 * magnitudes, exp on the scar-decay range [-745, 0], log on (0, 1e6].
 */
export function mathSweep(backend, perFunction = 100000) {
  const rnd = mulberry32(20261127);
  const gens = {
    tanh: (i) => (i % 4 === 0 ? (rnd() < 0.5 ? -1 : 1) * 10 ** (rnd() * 700 - 350) : rnd() * 60 - 30),
    exp: () => -rnd() * 745,
    log: () => 10 ** (rnd() * 12 - 6),
  };
  const fns = { tanh: 0, exp: 1, log: 2 };
  const report = {};
  for (const [name, gen] of Object.entries(gens)) {
    let differ = 0;
    let example = null;
    for (let i = 0; i < perFunction; i++) {
      const x = gen(i);
      const port = backend.api.math(fns[name], true, x);
      const teavm = backend.api.math(fns[name], false, x);
      if (!Object.is(port, teavm)) {
        differ++;
        if (example === null) example = { x, fdlibm: port, teavmStrictMath: teavm };
      }
    }
    report[name] = { arguments: perFunction, differ, example };
  }
  return report;
}
