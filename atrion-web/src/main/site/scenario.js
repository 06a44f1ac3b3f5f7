// The demo's scenario, shared by the page (demo.js) and the benchmark worker (bench-worker.js):
// the clock origin, the voltage tiers, the configuration, the telemetry presets.

export const ROUTE = 'api/checkout';
export const T0 = 1767225600000; // simulated clock origin (epoch ms)

// SPEC §2.8 voltage tiers, and the share of the traffic each one sends.
export const TIERS = [
  { name: 'critical', voltage: 100, share: 0.1, color: '#4fb3ff' },
  { name: 'high', voltage: 50, share: 0.2, color: '#3ecf8e' },
  { name: 'normal', voltage: 20, share: 0.3, color: '#c9d36a' },
  { name: 'low', voltage: 5, share: 0.2, color: '#f5b94a' },
  { name: 'bulk', voltage: 1, share: 0.2, color: '#ff7a59' },
];

// The demo's configuration (a replay header, SPEC §8). R_base 0.5 so that a healthy route admits
// even bulk traffic (V = 1), γ = 60 so the static break point (30 ohms) equals the AutoTuner's
// floor, and λ = 1/s so scars heal within seconds rather than a minute.
export const DEMO_CONFIG = { config: { baseResistance: 0.5, breakMultiplier: 60, decayRate: 1 }, autoTuner: true };

export const PRESETS = {
  heal: { latencyMs: 80, errorRate: 0.002, saturation: 0.4 },
  gray: { latencyMs: 160, errorRate: 0.012, saturation: 0.6 },
  storm: { latencyMs: 1500, errorRate: 0.35, saturation: 0.97 },
  spike: { latencyMs: 2500, durationMs: 800 }, // latency only, then back to what it was
};

/** A small seeded generator (mulberry32): the same numbers in every browser, and in JvmWorkloadBenchmark. */
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
