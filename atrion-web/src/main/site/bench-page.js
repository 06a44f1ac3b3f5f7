// The bench page: every build × way of bench.js, one fresh worker each, one after the other.
// ?auto=1 starts at once; ?runs=, ?ms=, ?warmup= set the parameters (the browser test uses them).
import { wasmGcSupported } from './atrion.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
for (const [id, key] of [['runs', 'runs'], ['ms', 'ms'], ['warmup', 'warmup']]) {
  if (params.has(key)) $(id).value = params.get(key);
}

function fmt(x) {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(1)} k`;
}

function runOne(kind, mode, runs, ms, warmupMs) {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('bench-worker.js', import.meta.url), { type: 'module' });
    const done = (r) => { worker.terminate(); resolve(r); };
    worker.onmessage = (e) => done(e.data.error ? { kind, mode, error: e.data.error } : e.data.result);
    worker.onerror = (e) => done({ kind, mode, error: e.message || 'worker failed' });
    worker.postMessage({ kind, mode, runs, ms, warmupMs });
  });
}

function row(r) {
  const tr = document.createElement('tr');
  tr.dataset.kind = r.kind;
  tr.dataset.mode = r.mode;
  const cells = r.error ? [r.kind, r.mode, r.error, '', '', '']
    : [r.kind, r.mode, fmt(r.median), r.nsPerCall.toFixed(1), r.runs.map((x) => (x / 1e6).toFixed(2)).join(' '),
      Object.entries(r.afterWarmup).filter(([, n]) => n > 0).map(([m, n]) => `${n} ${m}`).join(', ')];
  for (const c of cells) {
    const td = document.createElement('td');
    td.textContent = c;
    tr.appendChild(td);
  }
  $('results').tBodies[0].appendChild(tr);
}

export async function runAll() {
  const runs = Number($('runs').value);
  const ms = Number($('ms').value);
  const warmupMs = Number($('warmup').value);
  document.body.dataset.state = 'running';
  $('results').tBodies[0].textContent = '';
  const results = [];
  const kinds = wasmGcSupported() ? ['wasm', 'js'] : ['js'];
  for (const kind of kinds) {
    for (const mode of ['call', 'batch', 'crossing']) {
      $('summary').textContent = `running ${kind} ${mode}…`;
      const r = await runOne(kind, mode, runs, ms, warmupMs);
      results.push(r);
      row(r);
    }
  }
  const report = { date: new Date().toISOString(), userAgent: navigator.userAgent, runs, ms, warmupMs, results };
  window.atrionBench.report = report;
  const failed = results.filter((r) => r.error);
  $('summary').textContent = failed.length ? `${failed.length} failed` : 'done';
  document.body.dataset.state = failed.length ? 'failed' : 'done';
  return report;
}

window.atrionBench = { report: null, runAll };
$('run').addEventListener('click', () => runAll());
if (params.get('auto') === '1') runAll();
