// Runs bench.js off the page's thread: {kind, config, ms, warmupMs} in, {kind, result | error} out.
import { loadBackend } from './atrion.js';
import { benchmark } from './bench.js';

self.onmessage = async (e) => {
  const { kind, config, ms, warmupMs } = e.data;
  try {
    const backend = await loadBackend(kind);
    self.postMessage({ kind, result: benchmark(backend, config, ms, warmupMs) });
  } catch (err) {
    self.postMessage({ kind, error: String(err && err.message || err) });
  }
};
