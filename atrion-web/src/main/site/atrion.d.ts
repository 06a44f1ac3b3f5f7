// Type declarations of atrion.js: Atrion's physics (SPEC §2) in the browser and in Node, as
// WebAssembly (Wasm GC) or JavaScript compiled by TeaVM from the JVM's own Java sources.

/** A route's mode (SPEC §2.6), in the order of io.atrion.Mode. */
export type Mode = 'BOOTSTRAP' | 'OPERATIONAL' | 'CIRCUIT_BREAKER';
/** Why a request was admitted or not (SPEC §2.8, §2.9), in the order of io.atrion.Reason. */
export type Reason = 'OK' | 'CIRCUIT_OPEN' | 'INSUFFICIENT_VOLTAGE' | 'INVALID_VOLTAGE';
/** A voltage tier of SPEC §2.8, in the order of io.atrion.VoltageTier. */
export type Tier = 'critical' | 'high' | 'normal' | 'low' | 'bulk';
/** 'wasm': WebAssembly with GC (Chromium 119+, Firefox 120+; not Node 20); 'js': JavaScript, anywhere. */
export type BackendKind = 'wasm' | 'js';

/**
 * A route handle: a number naming an engine and one of its routes, from Engine.handle().
 * Branded so that an arbitrary number is not mistaken for one.
 */
export type RouteHandle = number & { readonly __atrionRouteHandle: unique symbol };

/**
 * A decision code from admit() or a batch: bit 0 allow, bits 1–2 the mode ordinal, bits 3–4 the
 * reason ordinal; -1 (UNKNOWN_HANDLE) for a handle no live engine knows.
 */
export type DecisionCode = number;

export const MODES: readonly Mode[];
export const REASONS: readonly Reason[];
export const TIERS: readonly Tier[];
/** The code admit() returns for a handle no live engine knows. */
export const UNKNOWN_HANDLE: -1;

/** True when the decision code admits the request. */
export function isAllowed(code: DecisionCode): boolean;
/** The route's mode after the update; undefined for UNKNOWN_HANDLE. */
export function modeOf(code: DecisionCode): Mode | undefined;
/** Why the request was admitted or rejected; undefined for UNKNOWN_HANDLE. */
export function reasonOf(code: DecisionCode): Reason | undefined;
/** True when this runtime can instantiate a Wasm GC module. */
export function wasmGcSupported(): boolean;
/** Loads one build; rejects when it cannot run here (e.g. 'wasm' on Node 20). */
export function loadBackend(kind: BackendKind): Promise<Backend>;

/** The configuration, shaped like a replay header (SPEC §8); every field optional (SPEC defaults). */
export interface AtrionConfig {
  config?: {
    baseResistance?: number;
    decayRate?: number;
    scarFactor?: number;
    dampingFactor?: number;
    criticalPressure?: number;
    breakMultiplier?: number;
    bootstrapTicks?: number;
    tanhScale?: number;
  };
  slo?: {
    baselineLatencyMs?: number;
    maxAcceptableLatencyMs?: number;
    targetErrorRate?: number;
    baselineSaturation?: number;
    criticality?: { latency?: number; error?: number; saturation?: number };
  };
  /** true (the default) or false, or the AutoTuner's settings (which turn it on). */
  autoTuner?: boolean | {
    windowSize?: number;
    sensitivity?: number;
    minFloor?: number;
    hardCeiling?: number;
    warmupTicks?: number;
    recoveryMultiplier?: number;
  };
}

/** Flattens a configuration into the dotted keys the module's configSet takes. */
export function configEntries(header?: AtrionConfig): Array<[string, number | boolean]>;

/** A decision as an object (Engine.route). */
export interface Decision {
  allow: boolean;
  mode: Mode;
  reason: Reason;
  resistance: number;
  scar: number;
  momentum: number;
  tick: number;
}

/** A snapshot of a route's state (Engine.state). */
export interface RouteState {
  mode: Mode;
  resistance: number;
  scar: number;
  momentum: number;
  tick: number;
  lastUpdatedMillis: number;
  breakPoint: number;
  recoveryPoint: number;
}

/** Decisions of a route so far. */
export interface RouteCounters {
  ok: number;
  circuitOpen: number;
  insufficientVoltage: number;
  invalidVoltage: number;
  opened: number;
  closed: number;
}

/**
 * The module's batch arrays: call i of a batch is (handles[i], latencyMs[i], errorRate[i],
 * saturation[i], voltage[i], t[i]); its code lands in decisions[i]. state holds the records of
 * Engine.exportState. Views of the module's own memory (no copies); valid until a larger
 * capacity is asked for.
 */
export interface BatchArrays {
  handles: Int32Array;
  latencyMs: Float64Array;
  errorRate: Float64Array;
  saturation: Float64Array;
  voltage: Float64Array;
  t: Float64Array;
  decisions: Int32Array;
  state: Float64Array;
}

/** Calls given as arrays of your own, for Engine.admitBatch. */
export interface BatchCalls {
  handles: ArrayLike<number> & Iterable<number>;
  latencyMs: ArrayLike<number> & Iterable<number>;
  errorRate: ArrayLike<number> & Iterable<number>;
  saturation: ArrayLike<number> & Iterable<number>;
  voltage: ArrayLike<number> & Iterable<number>;
  t: ArrayLike<number> & Iterable<number>;
}

/** The module's exported functions (io.atrion.web.AtrionWeb), for callers who want them bare. */
export interface AtrionModule {
  admit(handle: RouteHandle, latencyMs: number, errorRate: number, saturation: number, voltage: number, t: number): DecisionCode;
  crossing(handle: RouteHandle, latencyMs: number, errorRate: number, saturation: number, voltage: number, t: number): number;
  resistance(handle: RouteHandle): number;
  scar(handle: RouteHandle): number;
  momentum(handle: RouteHandle): number;
  tick(handle: RouteHandle): number;
  mode(handle: RouteHandle): number;
  admitBatch(count: number): number;
  [name: string]: unknown;
}

/** One loaded build. */
export class Backend {
  readonly kind: BackendKind;
  /** The bare exported functions. */
  readonly api: AtrionModule;
  /** The fields of a route's state record (Engine.exportState), in order. */
  readonly stateFields: readonly string[];
  /** Calls the batch arrays hold now. */
  readonly capacity: number;
  /** A new engine with its own routes; throws on an invalid configuration, naming the field. */
  create(config?: AtrionConfig): Engine;
  /**
   * The value an engine created from `config` would use for one dotted key (e.g.
   * 'config.decayRate'): the configuration's, else the default; 1/0 for 'autoTuner'.
   */
  configValue(config: AtrionConfig, key: string): number;
  /** Stages a configuration for the module's next create() (create() does this itself). */
  stage(config: AtrionConfig): void;
  /** The batch arrays, holding at least `capacity` calls (default 1024). */
  batchArrays(capacity?: number): BatchArrays;
  /** Decides calls 0..count-1 of the batch arrays in order, in one crossing; returns how many were admitted. */
  admitBatch(count: number): number;
}

/** One engine: its routes, their state, and the decisions. */
export class Engine {
  readonly backend: Backend;
  readonly id: number;
  /** The handle of a route id, created on first use (with no state until its first update). */
  handle(routeId: string): RouteHandle;
  /**
   * One update of the route (SPEC §2) and the decision for a request of this voltage at time t
   * (epoch milliseconds, an integer of at most 2^52; a fraction is truncated).
   */
  admit(handle: RouteHandle, latencyMs: number, errorRate: number, saturation: number, voltage: number, t: number): DecisionCode;
  /** admit() by id, with the decision as an object (allocates). */
  route(routeId: string, latencyMs: number, errorRate?: number, saturation?: number, voltage?: number, t?: number): Decision;
  resistance(handle: RouteHandle): number;
  scar(handle: RouteHandle): number;
  momentum(handle: RouteHandle): number;
  tick(handle: RouteHandle): number;
  mode(handle: RouteHandle): Mode;
  breakPoint(handle: RouteHandle): number;
  recoveryPoint(handle: RouteHandle): number;
  counters(handle: RouteHandle): RouteCounters;
  /** A snapshot, or null before the route's first update. */
  state(routeIdOrHandle: string | RouteHandle): RouteState | null;
  /** The voltage of each tier for this engine's configuration (SPEC §2.8 ladder). */
  tierVoltages(): Record<Tier, number>;
  /** Routes this engine knows. */
  routeCount(): number;
  /** Decides `count` calls in order, like admit() each; writes their codes into `out` and returns it. */
  admitBatch(calls: BatchCalls, count?: number, out?: Int32Array, chunk?: number): Int32Array;
  /** Every route's state record (backend.stateFields.length numbers each), in route order; a view valid until the next batch call. */
  exportState(first?: number, count?: number): Float64Array;
  /** Frees the engine; its handles must not be used afterwards. */
  release(): void;
}
