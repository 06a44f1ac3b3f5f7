// Atrion in the browser (and, for the JavaScript build, in Node): the physics core — the JVM's own
// Java sources, compiled by TeaVM — as WebAssembly (Wasm GC) or as JavaScript, behind a small
// object API. Types: atrion.d.ts. The engine's functions are io.atrion.web.AtrionWeb's exports.
//
//   import { loadBackend } from './atrion.js';
//   const backend = await loadBackend('wasm');              // or 'js'
//   const engine = backend.create({ config: { decayRate: 1 }, autoTuner: true });
//   const h = engine.handle('api/checkout');                // resolve the id once
//   const code = engine.admit(h, 80, 0.002, 0.4, 100, Date.now());
//   isAllowed(code); modeOf(code); engine.resistance(h);     // numbers only cross the boundary
//
// Many calls in one crossing: write them into backend.batchArrays(n) and call backend.admitBatch(n)
// (or engine.admitBatch(...) with arrays of your own). Configuration objects have the shape of the
// replay header (SPEC §8): {config: {...}, slo: {..., criticality: {...}}, autoTuner: true | false | {...}}.

/** Mode names by ordinal: the order of io.atrion.Mode (checked against it by ModeReasonNamesTest). */
export const MODES = Object.freeze(['BOOTSTRAP', 'OPERATIONAL', 'CIRCUIT_BREAKER']);
/** Reason names by ordinal: the order of io.atrion.Reason (checked against it by ModeReasonNamesTest). */
export const REASONS = Object.freeze(['OK', 'CIRCUIT_OPEN', 'INSUFFICIENT_VOLTAGE', 'INVALID_VOLTAGE']);
/** Voltage tiers of SPEC §2.8, in the order of io.atrion.VoltageTier. */
export const TIERS = Object.freeze(['critical', 'high', 'normal', 'low', 'bulk']);

/** The code admit() returns for a handle that no live engine knows. */
export const UNKNOWN_HANDLE = -1;

/** True when the decision code admits the request. */
export function isAllowed(code) {
  return code >= 0 && (code & 1) === 1;
}

/** The route's mode after the update, from a decision code ('BOOTSTRAP', 'OPERATIONAL', 'CIRCUIT_BREAKER'). */
export function modeOf(code) {
  return code < 0 ? undefined : MODES[(code >> 1) & 3];
}

/** Why the request was admitted or not, from a decision code ('OK', 'CIRCUIT_OPEN', ...). */
export function reasonOf(code) {
  return code < 0 ? undefined : REASONS[(code >> 3) & 3];
}

const teavm = new URL('./teavm/', import.meta.url);

/** True when this runtime can instantiate a Wasm GC module (the probe is a tiny GC type section). */
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

async function readWasm(url) {
  if (url.protocol === 'file:') {
    // Node: fetch() has no file: URLs.
    const { readFile } = await import('node:fs/promises');
    return readFile(url);
  }
  return url.href;
}

/** Loads one build: 'wasm' (Wasm GC) or 'js'. Rejects when the build cannot run here. */
export async function loadBackend(kind) {
  if (kind === 'wasm') {
    if (!wasmGcSupported()) throw new Error('this runtime has no WebAssembly GC support (Node 20 has none: use the js build)');
    const { load } = await import(new URL('atrion-engine.wasm-runtime.js', teavm).href);
    const source = await readWasm(new URL('atrion-engine.wasm', teavm));
    const module = await load(source);
    return new Backend('wasm', wasmApi(module));
  }
  if (kind === 'js') {
    const api = await import(new URL('atrion-engine.js', teavm).href);
    return new Backend('js', api);
  }
  throw new Error(`unknown backend '${kind}': expected wasm or js`);
}

// The module's functions that take and return only numbers, which AtrionWeb also exports as
// plain WebAssembly functions (@Export): V8 calls those straight from JavaScript, where TeaVM's
// JS-interop export of the same method converts every argument with a call out to JavaScript.
const RAW = ['admit', 'crossing', 'resistance', 'scar', 'momentum', 'tick', 'mode', 'admitBatch'];

function wasmApi(module) {
  const api = {};
  // The interop exports are non-enumerable getters of functions that never change: copy the functions.
  for (const name of Object.getOwnPropertyNames(module.exports)) api[name] = module.exports[name];
  for (const name of RAW) {
    const raw = module.instance.exports[`wasm.${name}`];
    if (typeof raw === 'function') api[name] = raw;
  }
  return api;
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

// Indexes of AtrionWeb.batchArray.
const ARRAYS = ['handles', 'latencyMs', 'errorRate', 'saturation', 'voltage', 't', 'decisions', 'state'];

/** One loaded build: creates engines, and owns the module's shared batch and state arrays. */
export class Backend {
  constructor(kind, api) {
    this.kind = kind;
    this.api = api;
    this.stateFields = Object.freeze(Array.from({ length: api.stateFieldCount() }, (_, i) => api.stateField(i)));
    this.capacity = 0;
    this.arrays = null;
  }

  /** A new engine (its own routes) configured like a replay header. */
  create(header = {}) {
    this.stage(header);
    const id = this.api.create();
    if (id < 0) throw new Error(`invalid config: ${this.api.lastError()}`);
    return new Engine(this, id);
  }

  /**
   * The value an engine created from `header` would use for one dotted key of the module's
   * configuration (io.atrion.ConfigKeys, e.g. 'config.decayRate'): the header's, else the default;
   * 1/0 for 'autoTuner'. The keys and defaults live in the module only.
   */
  configValue(header, key) {
    const api = this.api;
    this.stage(header);
    const value = api.configGet(key);
    const error = api.lastError();
    api.configReset();
    if (Number.isNaN(value)) throw new Error(error);
    return value;
  }

  /** Stages a header's settings for the module's next create(). */
  stage(header) {
    const api = this.api;
    api.configReset();
    for (const [key, value] of configEntries(header)) {
      if (typeof value !== 'number' && typeof value !== 'boolean') {
        throw new Error(`${key} must be a number, got ${JSON.stringify(value)}`);
      }
      if (!api.configSet(key, Number(value))) throw new Error(api.lastError());
    }
  }

  /**
   * The module's batch arrays, holding at least `capacity` calls: typed-array views of the
   * module's own memory (WebAssembly) or the engine's arrays themselves (JavaScript), so nothing
   * is copied. Write calls 0..n-1 into them and call admitBatch(n). The views stay valid until a
   * call asks for a larger capacity.
   */
  batchArrays(capacity = 1024) {
    if (capacity > this.capacity || this.arrays === null || this.arrays.handles.length === 0) {
      this.capacity = this.api.batchCapacity(Math.max(capacity, this.capacity));
      const arrays = {};
      ARRAYS.forEach((name, i) => { arrays[name] = this.api.batchArray(i); });
      this.arrays = arrays;
    }
    return this.arrays;
  }

  /**
   * Decides calls 0..count-1 of batchArrays() in order, one crossing of the boundary; their
   * decision codes are then in batchArrays().decisions. Returns how many were admitted.
   */
  admitBatch(count) {
    if (count > this.capacity) throw new Error(`batch of ${count} exceeds the capacity ${this.capacity}: call batchArrays(${count}) first`);
    return this.api.admitBatch(count);
  }
}

/** One engine: its routes, their state, and the decisions. */
export class Engine {
  constructor(backend, id) {
    this.backend = backend;
    this.api = backend.api;
    this.id = id;
    this.handles = new Map();
    this.released = false;
  }

  /** The handle of a route id (resolved once, then remembered); admit() and the readers take it. */
  handle(routeId) {
    let h = this.handles.get(routeId);
    if (h === undefined) {
      if (this.released) throw new Error('engine released');
      h = this.api.handle(this.id, String(routeId));
      if (h < 0) throw new Error(this.api.lastError());
      this.handles.set(routeId, h);
    }
    return h;
  }

  /**
   * One update of the route and the decision for a request of this voltage at time t (epoch ms,
   * an integer). Returns a decision code: isAllowed(code), modeOf(code), reasonOf(code).
   */
  admit(handle, latencyMs, errorRate, saturation, voltage, t) {
    return this.api.admit(handle, latencyMs, errorRate, saturation, voltage, t);
  }

  /** admit() by route id, with the decision as an object (allocates: for convenience, not speed). */
  route(routeId, latencyMs, errorRate = 0, saturation = 0, voltage = 100, t = Date.now()) {
    const h = this.handle(routeId);
    const code = this.api.admit(h, latencyMs, errorRate, saturation, voltage, t);
    return {
      allow: isAllowed(code), mode: modeOf(code), reason: reasonOf(code),
      resistance: this.api.resistance(h), scar: this.api.scar(h), momentum: this.api.momentum(h), tick: this.api.tick(h),
    };
  }

  resistance(handle) { return this.api.resistance(handle); }
  scar(handle) { return this.api.scar(handle); }
  momentum(handle) { return this.api.momentum(handle); }
  tick(handle) { return this.api.tick(handle); }
  /** The mode's name (BOOTSTRAP before the first update). */
  mode(handle) { return MODES[this.api.mode(handle)]; }
  breakPoint(handle) { return this.api.breakPoint(handle); }
  recoveryPoint(handle) { return this.api.recoveryPoint(handle); }

  /** Decisions of the route so far: by reason, and breaker openings and closings. */
  counters(handle) {
    const c = (i) => this.api.counter(handle, i);
    return { ok: c(0), circuitOpen: c(1), insufficientVoltage: c(2), invalidVoltage: c(3), opened: c(4), closed: c(5) };
  }

  /** A snapshot of a route's state (by id or handle), or null before its first update. */
  state(routeIdOrHandle) {
    const h = typeof routeIdOrHandle === 'number' ? routeIdOrHandle : this.handle(routeIdOrHandle);
    const api = this.api;
    if (!(api.tick(h) > 0)) return null;
    return {
      mode: MODES[api.mode(h)], resistance: api.resistance(h), scar: api.scar(h), momentum: api.momentum(h),
      tick: api.tick(h), lastUpdatedMillis: api.lastUpdated(h), breakPoint: api.breakPoint(h),
      recoveryPoint: api.recoveryPoint(h),
    };
  }

  /** The voltage of each SPEC §2.8 tier for this engine's configuration: {critical, high, normal, low, bulk}. */
  tierVoltages() {
    const out = {};
    TIERS.forEach((name, i) => { out[name] = this.api.tierVoltage(this.id, i); });
    return out;
  }

  /** Routes this engine knows; route number i has handle (i << 8) | engine id. */
  routeCount() {
    return this.api.routeCount(this.id);
  }

  /**
   * Decides count calls given as arrays of your own (typed or plain), in order, like admit()
   * each; writes the codes into out (an Int32Array, allocated when omitted) and returns it.
   * Copies into the module's batch arrays, one crossing per batch of up to `chunk` calls.
   */
  admitBatch(calls, count = calls.handles.length, out = new Int32Array(count), chunk = 4096) {
    const backend = this.backend;
    const a = backend.batchArrays(Math.min(count, chunk));
    const cap = Math.min(backend.capacity, chunk);
    for (let from = 0; from < count; from += cap) {
      const n = Math.min(cap, count - from);
      const part = (src) => (ArrayBuffer.isView(src) ? src.subarray(from, from + n) : src.slice(from, from + n));
      a.handles.set(part(calls.handles));
      a.latencyMs.set(part(calls.latencyMs));
      a.errorRate.set(part(calls.errorRate));
      a.saturation.set(part(calls.saturation));
      a.voltage.set(part(calls.voltage));
      a.t.set(part(calls.t));
      backend.admitBatch(n);
      out.set(a.decisions.subarray(0, n), from);
    }
    return out;
  }

  /**
   * The state of routes first.. (at most the batch capacity) as one Float64Array of
   * backend.stateFields.length numbers per route, in route-number order (a view of the module's
   * memory, valid until the next call that uses the batch arrays).
   */
  exportState(first = 0, count = this.routeCount() - first) {
    const backend = this.backend;
    const a = backend.batchArrays(count);
    const n = this.api.exportState(this.id, first, count);
    return a.state.subarray(0, n * backend.stateFields.length);
  }

  /** Frees the engine; its handles must not be used afterwards. */
  release() {
    if (!this.released) {
      this.released = true;
      this.api.release(this.id);
    }
  }
}
