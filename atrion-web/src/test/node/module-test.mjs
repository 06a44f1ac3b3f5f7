// NodeModuleTest's script: the JavaScript build as an ES module in Node. Loads atrion.js from
// the built site, runs every replay trace (one admit() per call and in batches) against the JVM's
// output, compares FdlibmMath of the JS build with the JVM's StrictMath on the arguments in the
// math file, checks the API's promises, and prints one JSON report on stdout.
//
//   node module-test.mjs SITE_DIR EXAMPLES_DIR MATH_FILE
import { readFile, readdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [siteDir, examplesDir, mathFile] = process.argv.slice(2);
const site = (file) => pathToFileURL(path.join(siteDir, file)).href;

const atrion = await import(site('atrion.js'));
const replay = await import(site('replay.js'));
const report = { node: process.version, traces: [], math: {}, api: {} };

const js = await atrion.loadBackend('js');
report.stateFields = js.stateFields;

// Every trace, both paths.
const names = (await readdir(examplesDir)).filter((n) => n.endsWith('.in.jsonl')).map((n) => n.slice(0, -'.in.jsonl'.length)).sort();
for (const name of names) {
  const trace = replay.parseTrace(await readFile(path.join(examplesDir, `${name}.in.jsonl`), 'utf8'));
  const expected = replay.parseExpected(await readFile(path.join(examplesDir, `${name}.out.jsonl`), 'utf8'));
  const single = replay.runTrace(js, trace);
  const call = replay.compare(trace, expected, single.decisions);
  const batch = replay.compareBatched(trace, expected, replay.runTraceBatched(js, trace, 337), single);
  for (const [p, r] of [['call', call], ['batch', batch]]) {
    report.traces.push({ trace: name, path: p, calls: r.calls, compared: r.compared, mismatches: r.mismatches.length, first: r.mismatches.slice(0, 3) });
  }
}

// FdlibmMath in the JS build (its bit access rewritten by FdlibmBitsTransformer) vs the JVM's StrictMath.
const FNS = { tanh: 0, exp: 1, log: 2 };
const view = new DataView(new ArrayBuffer(8));
const fromBits = (hex) => { view.setBigUint64(0, BigInt(`0x${hex}`)); return view.getFloat64(0); };
const toBits = (x) => { view.setFloat64(0, x); return view.getBigUint64(0).toString(16).padStart(16, '0'); };
for (const line of (await readFile(mathFile, 'utf8')).split('\n')) {
  if (!line) continue;
  const [fn, xBits, expectedBits] = line.split(' ');
  const m = report.math[fn] || (report.math[fn] = { arguments: 0, differ: 0, first: null });
  m.arguments++;
  const x = fromBits(xBits);
  const got = toBits(js.api.math(FNS[fn], true, x));
  // A NaN's payload is not compared: any NaN is NaN.
  const same = got === expectedBits || (Number.isNaN(x) || Number.isNaN(fromBits(expectedBits))) && Number.isNaN(fromBits(got));
  if (!same) {
    m.differ++;
    if (!m.first) m.first = { x, xBits, expectedBits, got };
  }
}

// The API's promises, with numbers derived by hand from SPEC.md (see NodeModuleTest).
const engine = js.create({ config: { bootstrapTicks: 2 } });
const h = engine.handle('api/a');
report.api.sameHandle = engine.handle('api/a') === h;
report.api.stateBefore = engine.state(h);
report.api.codes = [
  engine.admit(h, 80, 0, 0.4, 100, 1000), // bootstrap tick 1, V 100 > R 12: allowed
  engine.admit(h, 80, 0, 0.4, 5, 1001),   // tick 2 ends bootstrap: OPERATIONAL, R = 10, V 5 <= R
  engine.admit(h, 80, 0, 0.4, -1, 1002),  // invalid voltage
];
report.api.decoded = report.api.codes.map((c) => [atrion.isAllowed(c), atrion.modeOf(c), atrion.reasonOf(c)]);
report.api.state = engine.state(h);
report.api.counters = engine.counters(h);
report.api.tiers = engine.tierVoltages();
report.api.unknown = engine.admit(12345 << 8 | engine.id, 80, 0, 0, 100, 1);
const calls = { handles: [h, h], latencyMs: [3000, 3000], errorRate: [0.5, 0.5], saturation: [1, 1], voltage: [100, 100], t: [1003, 1004] };
report.api.batch = Array.from(engine.admitBatch(calls));
report.api.exported = Array.from(engine.exportState());
try {
  js.create({ config: { baseResistance: -1 } });
  report.api.invalidConfig = 'accepted';
} catch (e) {
  report.api.invalidConfig = e.message;
}
report.api.configValues = [
  js.configValue({}, 'config.decayRate'),
  js.configValue({ config: { decayRate: 1 } }, 'config.decayRate'),
  js.configValue({ slo: { baselineSaturation: 0.25 } }, 'slo.baselineSaturation'),
  js.configValue({ autoTuner: false }, 'autoTuner'),
];
try {
  js.configValue({}, 'config.nope');
  report.api.unknownKey = 'accepted';
} catch (e) {
  report.api.unknownKey = e.message;
}
engine.release();
try {
  await atrion.loadBackend('wasm');
  report.api.wasm = 'loaded';
} catch (e) {
  report.api.wasm = e.message;
}
process.stdout.write(JSON.stringify(report));
