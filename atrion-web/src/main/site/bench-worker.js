// Runs one benchmark of bench.js off the page's thread:
// {kind, mode, runs, ms, warmupMs} in, {kind, mode, result | error} out.
import { loadBackend } from './atrion.js';
import { benchmark } from './bench.js';

self.onmessage = async (e) => {
  const { kind, mode, runs, ms, warmupMs } = e.data;
  try {
    const backend = await loadBackend(kind);
    self.postMessage({ kind, mode, result: benchmark(backend, mode, runs, ms, warmupMs) });
  } catch (err) {
    self.postMessage({ kind, mode, error: String(err && err.message || err) });
  }
};
