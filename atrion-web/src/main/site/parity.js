// The parity page: every trace × every build, compared with the JVM's replay output.
import { loadBackend } from './atrion.js';
import { parseTrace, parseExpected, runTrace, runTraceBatched, compare, compareBatched, mathAudit, mathSweep } from './replay.js';

/** The traces of examples/replay, copied into parity/ by the build (NAME.in.jsonl + NAME.out.jsonl). */
export const TRACES = ['basic', 'tuner-random', 'config-random', 'extremes'];

async function fetchText(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
}

function cell(row, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  row.appendChild(td);
  return td;
}

function describe(m) {
  if (!m) return '';
  const bits = m.expectedBits ? ` (bits ${m.expectedBits} vs ${m.actualBits})` : '';
  return `call ${m.call} (line ${m.line}) ${m.field}: JVM ${m.expected}, browser ${m.actual}${bits}`;
}

function mathRow(body, name, kind, audit) {
  const row = document.createElement('tr');
  cell(row, name);
  cell(row, kind);
  for (const fn of ['tanh', 'exp', 'log']) cell(row, `${audit[fn].differ} of ${audit[fn].arguments}`);
  const ex = audit.tanh.example || audit.exp.example || audit.log.example;
  cell(row, ex ? `x = ${ex.x}: fdlibm ${ex.fdlibm}, TeaVM ${ex.teavmStrictMath}` : '');
  body.appendChild(row);
}

/** Runs everything; resolves to a report object (also kept in window.atrionParity.report). */
export async function runParity() {
  const report = { traces: [], math: [], totalCalls: 0, totalMismatches: 0, backends: {} };
  const backends = [];
  for (const kind of ['wasm', 'js']) {
    try {
      backends.push(await loadBackend(kind));
      report.backends[kind] = 'loaded';
    } catch (e) {
      report.backends[kind] = `unavailable: ${e.message}`;
    }
  }
  const body = document.querySelector('#results tbody');
  const mathBody = document.querySelector('#math tbody');
  for (const name of TRACES) {
    const trace = parseTrace(await fetchText(`parity/${name}.in.jsonl`));
    const expected = parseExpected(await fetchText(`parity/${name}.out.jsonl`));
    for (const backend of backends) {
      let started = performance.now();
      const single = runTrace(backend, trace);
      const callMs = performance.now() - started;
      started = performance.now();
      const batched = runTraceBatched(backend, trace);
      const batchMs = performance.now() - started;
      const results = [
        ['call', compare(trace, expected, single.decisions), callMs],
        ['batch', compareBatched(trace, expected, batched, single), batchMs],
      ];
      for (const [path, result, ms] of results) {
        const entry = {
          trace: name, backend: backend.kind, path, calls: result.calls, compared: result.compared,
          mismatches: result.mismatches.length, first: result.mismatches.slice(0, 5), ms,
        };
        report.traces.push(entry);
        report.totalCalls += result.calls;
        report.totalMismatches += result.mismatches.length;
        const row = document.createElement('tr');
        row.dataset.trace = name;
        row.dataset.backend = backend.kind;
        row.dataset.path = path;
        cell(row, name);
        cell(row, backend.kind);
        cell(row, path);
        cell(row, String(result.calls));
        cell(row, String(result.mismatches.length), result.mismatches.length === 0 ? 'ok' : 'bad');
        cell(row, describe(result.mismatches[0]));
        cell(row, ms.toFixed(1));
        body.appendChild(row);
      }

      const audit = mathAudit(backend, trace);
      report.math.push({ trace: name, backend: backend.kind, ...audit });
      mathRow(mathBody, name, backend.kind, audit);
    }
  }
  for (const backend of backends) {
    const sweep = mathSweep(backend);
    report.math.push({ trace: 'random arguments', backend: backend.kind, ...sweep });
    mathRow(mathBody, 'random arguments', backend.kind, sweep);
  }
  const missing = Object.entries(report.backends).filter(([, v]) => v !== 'loaded');
  report.ok = report.totalMismatches === 0 && backends.length > 0;
  document.getElementById('summary').textContent =
    `${report.ok ? 'PASS' : 'FAIL'}: ${report.totalCalls} calls compared, ${report.totalMismatches} mismatches` +
    (missing.length ? `; ${missing.map(([k, v]) => `${k} ${v}`).join('; ')}` : '');
  return report;
}

window.atrionParity = { report: null, error: null };
runParity().then((report) => {
  window.atrionParity.report = report;
  document.body.dataset.state = report.ok ? 'pass' : 'fail';
}, (e) => {
  window.atrionParity.error = String(e && e.stack || e);
  document.getElementById('summary').textContent = `error: ${e.message}`;
  document.body.dataset.state = 'error';
  console.error(e);
});
