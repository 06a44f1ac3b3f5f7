// The demo's scenario, shared by the page (demo.js), its worker (demo-worker.js) and the
// benchmark (bench.js): the clock origin, the routes, the tiers' traffic, the configuration, the
// telemetry presets, and the seeded generator.

export const ROUTE = 'api/checkout'; // the route the charts follow: route number 0
export const ROUTES = 1000; // routes the worker simulates
export const T0 = 1767225600000; // simulated clock origin (epoch ms)

// The SPEC §2.8 tiers (their voltages come from the engine: Engine.tierVoltages()) and the share
// of the traffic each one sends.
export const TIERS = [
  { name: 'critical', share: 0.1, color: '#4fb3ff' },
  { name: 'high', share: 0.2, color: '#3ecf8e' },
  { name: 'normal', share: 0.3, color: '#c9d36a' },
  { name: 'low', share: 0.2, color: '#f5b94a' },
  { name: 'bulk', share: 0.2, color: '#ff7a59' },
];

// The demo's configuration (a replay header, SPEC §8): SPEC defaults (R_base 10 Ω, γ 10, so the
// tiers are bulk 12, low 15, normal 20, high 50, critical 100 V) with λ = 1/s, so that scars heal
// within seconds rather than a minute.
export const DEMO_CONFIG = { config: { decayRate: 1 }, autoTuner: true };

export const PRESETS = {
  heal: { latencyMs: 80, errorRate: 0.002, saturation: 0.4 },
  gray: { latencyMs: 160, errorRate: 0.012, saturation: 0.6 },
  storm: { latencyMs: 1500, errorRate: 0.35, saturation: 0.97 },
  spike: { latencyMs: 2500, durationMs: 800 }, // latency only, then back to what it was
};

/** Route id of route number i (0 is ROUTE). */
export function routeId(i) {
  return i === 0 ? ROUTE : `svc/${String(i).padStart(4, '0')}`;
}

/**
 * How strongly route i feels the service's trouble: its telemetry is healthy + f × (sliders −
 * healthy), f in [0.05, 1.5) from a fixed seed; route 0 (the charts' route) has f = 1.
 */
export function fragility(count) {
  const r = mulberry32(2026);
  return Float64Array.from({ length: count }, (_, i) => (i === 0 ? 1 : 0.05 + 1.45 * r()));
}

/** A small seeded generator (mulberry32): the same numbers in every browser, and in the JVM benchmark. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
