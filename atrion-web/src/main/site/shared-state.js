// The route state the demo's worker streams to the page: a header and one record per route
// (Backend.stateFields numbers each), in a SharedArrayBuffer when the page is cross-origin
// isolated (the page reads it every frame; no message per update), else in snapshots sent by
// postMessage. The writer brackets each update with a sequence number (odd while writing); a
// reader copies the data and keeps it only when the number was even and unchanged.

/** Header fields, in order (numbers). */
export const HEADER = [
  'simTimeMs', 'routes', 'stride', 'display', 'parityCompared', 'parityMismatches', 'callsPerSecond',
  'speed', 'paused', 'published',
  'critical.ok', 'critical.shed', 'high.ok', 'high.shed', 'normal.ok', 'normal.shed', 'low.ok', 'low.shed',
  'bulk.ok', 'bulk.shed',
];
export const H = Object.fromEntries(HEADER.map((name, i) => [name, i]));
export const DISPLAYS = ['wasm', 'js'];

const SEQ_BYTES = 8;

// Without cross-origin isolation the browser has no SharedArrayBuffer at all.
const isShared = (buffer) => typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer;

/** Doubles of one copy of the state: the header and the records. */
export function stateLength(routes, stride) {
  return HEADER.length + routes * stride;
}

/** A SharedArrayBuffer for the state, or null when this page cannot share memory with a worker. */
export function createShared(routes, stride) {
  if (typeof SharedArrayBuffer !== 'function' || !globalThis.crossOriginIsolated) return null;
  return new SharedArrayBuffer(SEQ_BYTES + 8 * stateLength(routes, stride));
}

/** The worker's side: writes the header and records into the shared buffer (or a plain array). */
export class StateWriter {
  constructor(buffer, routes, stride) {
    this.shared = isShared(buffer);
    this.seq = this.shared ? new Int32Array(buffer, 0, 2) : null;
    this.data = this.shared ? new Float64Array(buffer, SEQ_BYTES, stateLength(routes, stride))
      : new Float64Array(stateLength(routes, stride));
  }

  /** Writes one update: header values, then records (a Float64Array of routes × stride). */
  write(header, records) {
    if (this.shared) Atomics.add(this.seq, 0, 1); // odd: writing
    this.data.set(header, 0);
    this.data.set(records, HEADER.length);
    if (this.shared) Atomics.add(this.seq, 0, 1); // even: consistent
  }

  /** A copy to send by postMessage (the fallback). */
  snapshot() {
    return this.data.slice();
  }
}

/** The page's side: a consistent copy of the latest update, from the shared buffer or a snapshot. */
export class StateReader {
  constructor(buffer, routes, stride) {
    this.routes = routes;
    this.stride = stride;
    this.copy = new Float64Array(stateLength(routes, stride));
    this.shared = isShared(buffer);
    this.seq = this.shared ? new Int32Array(buffer, 0, 2) : null;
    this.data = this.shared ? new Float64Array(buffer, SEQ_BYTES, this.copy.length) : null;
    this.retries = 0;
    this.fresh = false;
  }

  /** Copies the shared buffer when it holds a complete update; true when the copy changed. */
  read() {
    if (!this.shared) {
      const was = this.fresh;
      this.fresh = false;
      return was;
    }
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = Atomics.load(this.seq, 0);
      if ((before & 1) === 0) {
        this.copy.set(this.data);
        if (Atomics.load(this.seq, 0) === before) return before !== 0;
      }
      this.retries++;
    }
    return false; // the worker kept writing: keep the last good copy this frame
  }

  /** The fallback: a snapshot that arrived by postMessage. */
  accept(snapshot) {
    this.copy.set(snapshot);
    this.fresh = true;
  }

  header(name) {
    return this.copy[H[name]];
  }

  /** Field `index` of route number `route`'s record. */
  field(route, index) {
    return this.copy[HEADER.length + route * this.stride + index];
  }
}
