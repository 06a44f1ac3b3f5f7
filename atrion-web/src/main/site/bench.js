// Throughput of one build of the engine: route() calls per second from JavaScript, and the same
// engine driven by a loop inside the module. Used by the demo (in a worker, so the page keeps
// running), by the browser test (on the page, with the demo paused), and mirrored on the JVM by
// JvmWorkloadBenchmark.
import { PRESETS, TIERS, T0, mulberry32 } from './scenario.js';

const ROUTES = 16;

// 1,024 rows of telemetry (healthy, healthy, gray, storm, with noise) and the five tier voltages.
const MIX = (() => {
  const r = mulberry32(42);
  const out = [];
  for (let i = 0; i < 1024; i++) {
    const p = [PRESETS.heal, PRESETS.heal, PRESETS.gray, PRESETS.storm][i % 4];
    out.push([p.latencyMs * (0.8 + 0.4 * r()), p.errorRate * (0.8 + 0.4 * r()), p.saturation * (0.9 + 0.2 * r()), TIERS[i % 5].voltage]);
  }
  return out;
})();

/** Runs calls in batches of 1,024 until performance.now() passes the deadline; returns the count. */
function run(engine, routes, first, deadline) {
  let calls = 0;
  do {
    for (let i = 0; i < 1024; i++) {
      const m = MIX[i];
      const n = first + calls + i;
      engine.routeAt(routes[n & (ROUTES - 1)], m[0], m[1], m[2], m[3], T0 + n);
    }
    calls += 1024;
  } while (performance.now() < deadline);
  return calls;
}

/**
 * Updates per second of one build (a Backend of atrion.js) with this configuration: one
 * route() call at a time through the exported function, 16 routes, after a warm-up; then the
 * same engine in a loop inside the module (routeRepeated), which leaves out the crossing from
 * JavaScript. Blocks for about warmupMs + 1.5 × ms.
 */
export function benchmark(backend, config, ms = 2000, warmupMs = 500) {
  const engine = backend.create(config);
  try {
    const routes = [];
    for (let i = 0; i < ROUTES; i++) routes.push(engine.routeIndex(`bench/${i}`));
    let done = run(engine, routes, 0, performance.now() + warmupMs);
    let calls = 0;
    const start = performance.now();
    const deadline = start + ms;
    while (performance.now() < deadline) {
      const c = run(engine, routes, done, Math.min(deadline, performance.now() + 50));
      calls += c;
      done += c;
    }
    const elapsed = performance.now() - start;

    // In-module loop: one route, healthy and storm telemetry alternating per block of 10,000.
    const api = engine.api;
    let inCalls = 0;
    let t = T0 + done + 1;
    const inStart = performance.now();
    const inDeadline = inStart + ms / 2;
    while (performance.now() < inDeadline) {
      const p = (inCalls / 10000) % 2 === 0 ? PRESETS.heal : PRESETS.storm;
      api.routeRepeated(engine.id, routes[0], p.latencyMs, p.errorRate, p.saturation, 50, t, 10000);
      t += 10000;
      inCalls += 10000;
    }
    const inElapsed = performance.now() - inStart;
    return {
      kind: backend.kind, calls, ms: elapsed, updatesPerSecond: calls / (elapsed / 1000),
      inModuleCalls: inCalls, inModuleUpdatesPerSecond: inCalls / (inElapsed / 1000),
    };
  } finally {
    engine.release();
  }
}
