// Atrion in the browser: loads the physics core (the JVM's own Java sources, compiled by TeaVM)
// as WebAssembly (Wasm GC) or as JavaScript, and wraps the module's exported functions
// (io.atrion.web.AtrionWeb) in a small object API.
//
//   const backend = await loadBackend('wasm');            // or 'js'
//   const engine = backend.create({config: {decayRate: 1}, autoTuner: true});
//   const d = engine.route('api/checkout', 80, 0, 0.4, 100, Date.now());
//   // d = {allow, mode, reason, resistance, scar, momentum, tick}
//   const s = engine.state('api/checkout');               // null before the first update
//
// Configuration objects have the shape of the replay header (SPEC §8): {config: {...},
// slo: {..., criticality: {...}}, autoTuner: true | false | {...AutoTunerConfig fields}}.

export const MODES = ['BOOTSTRAP', 'OPERATIONAL', 'CIRCUIT_BREAKER'];
export const REASONS = ['OK', 'CIRCUIT_OPEN', 'INSUFFICIENT_VOLTAGE', 'INVALID_VOLTAGE'];

const base = new URL('./teavm/', import.meta.url);

/** True when this browser can instantiate a Wasm GC module (the probe is a tiny GC type section). */
export function wasmGcSupported() {
  if (typeof WebAssembly !== 'object') return false;
  // (module (type (struct))) — a module whose only content is a GC struct type.
  const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 3, 1, 0x5f, 0]);
  try {
    return WebAssembly.validate(bytes);
  } catch (e) {
    return false;
  }
}

/** Loads one build: 'wasm' (Wasm GC) or 'js'. Rejects when the build cannot run here. */
export async function loadBackend(kind) {
  if (kind === 'wasm') {
    if (!wasmGcSupported()) throw new Error('this browser has no WebAssembly GC support');
    const { load } = await import(new URL('atrion.wasm-runtime.js', base).href);
    const teavm = await load(new URL('atrion.wasm', base).href);
    return new Backend('wasm', teavm.exports);
  }
  if (kind === 'js') {
    const api = await import(new URL('atrion.js', base).href);
    return new Backend('js', api);
  }
  throw new Error(`unknown backend '${kind}': expected wasm or js`);
}

/** Flattens a replay-style header into the dotted keys of AtrionWeb.configSet. */
export function configEntries(header = {}) {
  const out = [];
  const walk = (prefix, obj) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === 'object') walk(key, v);
      else if (v !== null && v !== undefined) out.push([key, v]);
    }
  };
  for (const [k, v] of Object.entries(header)) {
    if (k === 'autoTuner') {
      if (typeof v === 'boolean') out.push(['autoTuner', v ? 1 : 0]);
      else if (v && typeof v === 'object') { out.push(['autoTuner', 1]); walk('autoTuner', v); }
    } else if (k === 'config' || k === 'slo') {
      if (v) walk(k, v);
    } else {
      throw new Error(`unknown header key "${k}" (expected autoTuner, config, slo)`);
    }
  }
  return out;
}

export class Backend {
  constructor(kind, api) {
    this.kind = kind;
    this.api = api;
  }

  /** A new engine (its own routes) configured like a replay header. */
  create(header = {}) {
    const api = this.api;
    api.configReset();
    for (const [key, value] of configEntries(header)) {
      if (typeof value !== 'number' && typeof value !== 'boolean') {
        throw new Error(`${key} must be a number, got ${JSON.stringify(value)}`);
      }
      if (!api.configSet(key, Number(value))) throw new Error(api.lastError());
    }
    const id = api.create();
    if (id < 0) throw new Error(`invalid config: ${api.lastError()}`);
    return new Engine(api, id);
  }
}

export class Engine {
  constructor(api, id) {
    this.api = api;
    this.id = id;
    this.indexes = new Map();
  }

  /** The number of a route id (assigned once); routeAt() takes it. */
  routeIndex(routeId) {
    let i = this.indexes.get(routeId);
    if (i === undefined) {
      i = this.api.routeIndex(this.id, String(routeId));
      if (i < 0) throw new Error(this.api.lastError());
      this.indexes.set(routeId, i);
    }
    return i;
  }

  /** One update; returns the decision as an object. */
  route(routeId, latencyMs, errorRate = 0, saturation = 0, voltage = 100, nowMs = Date.now()) {
    const flags = this.routeAt(this.routeIndex(routeId), latencyMs, errorRate, saturation, voltage, nowMs);
    const api = this.api;
    return {
      allow: (flags & 1) === 1,
      mode: MODES[(flags >> 1) & 3],
      reason: REASONS[(flags >> 3) & 3],
      resistance: api.resistance(),
      scar: api.scar(),
      momentum: api.momentum(),
      tick: api.tick(),
    };
  }

  /** The allocation-free call: returns the packed flags (bit 0 allow, bits 1–2 mode, 3–4 reason). */
  routeAt(index, latencyMs, errorRate, saturation, voltage, nowMs) {
    return this.api.route(this.id, index, latencyMs, errorRate, saturation, voltage, nowMs);
  }

  /** A snapshot of a route's state, or null when it has seen no update. */
  state(routeId) {
    const api = this.api;
    const mode = api.state(this.id, this.routeIndex(routeId));
    if (mode < 0) return null;
    return {
      mode: MODES[mode],
      resistance: api.resistance(),
      scar: api.scar(),
      momentum: api.momentum(),
      tick: api.tick(),
      lastUpdatedMillis: api.lastUpdated(),
      breakPoint: api.breakPoint(),
      recoveryPoint: api.recoveryPoint(),
    };
  }

  release() {
    this.api.release(this.id);
  }
}
