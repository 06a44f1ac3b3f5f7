// Compiled by TypeDeclarationsTest against atrion.d.ts (tsc --strict --noEmit): the README's
// examples and every public function, typed; the @ts-expect-error lines must stay errors.
import {
  loadBackend, isAllowed, modeOf, reasonOf, wasmGcSupported, configEntries, MODES, REASONS, TIERS, UNKNOWN_HANDLE,
  type Backend, type Engine, type RouteHandle, type DecisionCode, type Mode, type Reason, type RouteState,
  type AtrionConfig, type BatchArrays, type Tier,
} from './atrion.js';

export async function example(): Promise<number> {
  const backend: Backend = await loadBackend(wasmGcSupported() ? 'wasm' : 'js');
  const config: AtrionConfig = { config: { decayRate: 1 }, slo: { criticality: { latency: 5 } }, autoTuner: { minFloor: 30 } };
  const engine: Engine = backend.create(config);
  const h: RouteHandle = engine.handle('api/checkout');
  const code: DecisionCode = engine.admit(h, 80, 0.002, 0.4, engine.tierVoltages().high, Date.now());
  const allowed: boolean = isAllowed(code);
  const mode: Mode | undefined = modeOf(code);
  const reason: Reason | undefined = reasonOf(code);
  const r: number = engine.resistance(h) + engine.scar(h) + engine.momentum(h) + engine.tick(h);
  const named: Mode = engine.mode(h);
  const state: RouteState | null = engine.state('api/checkout');
  const bp: number = state === null ? engine.breakPoint(h) : state.breakPoint;

  const batch: BatchArrays = backend.batchArrays(2);
  batch.handles[0] = h;
  batch.latencyMs[0] = 80;
  batch.errorRate[0] = 0;
  batch.saturation[0] = 0.4;
  batch.voltage[0] = 100;
  batch.t[0] = Date.now();
  const admitted: number = backend.admitBatch(1);
  const codes: Int32Array = engine.admitBatch({
    handles: [h], latencyMs: [80], errorRate: [0], saturation: [0.4], voltage: [100], t: [Date.now()],
  });
  const records: Float64Array = engine.exportState();
  const fields: readonly string[] = backend.stateFields;
  const tier: Tier = TIERS[0];
  const entries: Array<[string, number | boolean]> = configEntries(config);
  const decayPerSecond: number = backend.configValue(config, 'config.decayRate');
  engine.release();

  // @ts-expect-error: a route id is not a handle
  engine.admit('api/checkout', 80, 0, 0, 100, 0);
  // @ts-expect-error: a plain number is not a handle either
  engine.resistance(42);
  // @ts-expect-error: there is no such backend
  await loadBackend('native');
  // @ts-expect-error: unknown configuration field
  backend.create({ config: { baseResistence: 10 } });

  return [allowed ? 1 : 0, mode, reason, r, named, bp, admitted, codes.length, records.length, fields.length, tier,
    entries.length, decayPerSecond, MODES.length, REASONS.length, UNKNOWN_HANDLE].length;
}
