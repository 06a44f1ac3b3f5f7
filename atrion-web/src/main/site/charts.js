// Small canvas time-series charts for the demo: no library, redrawn every animation frame.

const FONT = '11px system-ui, sans-serif';
const GRID = '#26303b';
const TEXT = '#8a96a3';

/** Sizes the canvas backing store to its CSS box and the device pixel ratio; returns the 2D context. */
function prepare(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const h = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, canvas.clientWidth, canvas.clientHeight);
  ctx.font = FONT;
  return { ctx, width: canvas.clientWidth, height: canvas.clientHeight };
}

function fmt(v) {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0);
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(1).replace(/\.0$/, '');
  return v.toPrecision(2);
}

/**
 * Draws series over a time window.
 *   samples: [{t, ...}] in time order; t in seconds
 *   series: [{key | value(sample), color, label, dash, step}]
 *   opts: {t0, t1, log, min, max, bands: [{from, to, color}], title}
 */
export function drawTimeChart(canvas, samples, series, opts) {
  const { ctx, width, height } = prepare(canvas);
  const left = 46;
  const right = 8;
  const top = 16;
  const bottom = 18;
  const pw = width - left - right;
  const ph = height - top - bottom;
  const { t0, t1 } = opts;

  // Value range.
  let lo = opts.min;
  let hi = opts.max;
  if (lo === undefined || hi === undefined) {
    let dataMax = -Infinity;
    let dataMin = Infinity;
    for (const s of samples) {
      for (const ser of series) {
        const v = ser.value ? ser.value(s) : s[ser.key];
        if (Number.isFinite(v)) { dataMax = Math.max(dataMax, v); dataMin = Math.min(dataMin, v); }
      }
    }
    if (hi === undefined) hi = Number.isFinite(dataMax) ? dataMax * 1.1 || 1 : 1;
    if (lo === undefined) lo = Math.min(0, Number.isFinite(dataMin) ? dataMin : 0);
  }
  if (opts.log) { lo = Math.max(lo, 1e-3); hi = Math.max(hi, lo * 10); }
  if (hi <= lo) hi = lo + 1;
  const y = opts.log
    ? (v) => top + ph - (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * ph
    : (v) => top + ph - (v - lo) / (hi - lo) * ph;
  const x = (t) => left + (t - t0) / (t1 - t0) * pw;

  // Mode bands behind everything.
  for (const b of opts.bands || []) {
    const xa = Math.max(left, x(b.from));
    const xb = Math.min(left + pw, x(b.to));
    if (xb > xa) { ctx.fillStyle = b.color; ctx.fillRect(xa, top, xb - xa, ph); }
  }

  // Grid and axis labels.
  ctx.strokeStyle = GRID;
  ctx.fillStyle = TEXT;
  ctx.lineWidth = 1;
  const ticks = [];
  if (opts.log) {
    for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) ticks.push(10 ** e);
  } else {
    for (let i = 0; i <= 4; i++) ticks.push(lo + (hi - lo) * i / 4);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of ticks) {
    const yy = Math.round(y(v)) + 0.5;
    ctx.beginPath(); ctx.moveTo(left, yy); ctx.lineTo(left + pw, yy); ctx.stroke();
    ctx.fillText(fmt(v), left - 4, yy);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const step = (t1 - t0) > 40 ? 10 : 5;
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const xx = Math.round(x(t)) + 0.5;
    ctx.beginPath(); ctx.moveTo(xx, top); ctx.lineTo(xx, top + ph); ctx.stroke();
    ctx.fillText(`${t.toFixed(0)}s`, xx, top + ph + 3);
  }

  // Series.
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, pw, ph);
  ctx.clip();
  for (const ser of series) {
    ctx.strokeStyle = ser.color;
    ctx.lineWidth = ser.width || 1.5;
    ctx.setLineDash(ser.dash || []);
    ctx.beginPath();
    let started = false;
    let prevY = 0;
    for (const s of samples) {
      const v = ser.value ? ser.value(s) : s[ser.key];
      if (!Number.isFinite(v)) { started = false; continue; }
      const xx = x(s.t);
      const yy = y(v);
      if (!started) { ctx.moveTo(xx, yy); started = true; }
      else if (ser.step) { ctx.lineTo(xx, prevY); ctx.lineTo(xx, yy); }
      else ctx.lineTo(xx, yy);
      prevY = yy;
    }
    ctx.stroke();
  }
  ctx.restore();
  ctx.setLineDash([]);

  // Legend.
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  let lx = left + 4;
  if (opts.title) { ctx.fillStyle = '#d8dee6'; ctx.fillText(opts.title, lx, 2); lx += ctx.measureText(opts.title).width + 12; }
  for (const ser of series) {
    if (!ser.label) continue;
    ctx.fillStyle = ser.color;
    ctx.fillRect(lx, 6, 10, 3);
    ctx.fillStyle = TEXT;
    ctx.fillText(ser.label, lx + 13, 2);
    lx += ctx.measureText(ser.label).width + 24;
  }
}

// Green to amber: the colours of an operational route as R approaches its break point.
const PALETTE = Array.from({ length: 24 }, (_, k) => {
  const ratio = k / 23;
  return `hsl(${(140 - 110 * ratio).toFixed(0)}, 65%, ${(28 + 22 * ratio).toFixed(0)}%)`;
});

/**
 * Draws one cell per route: grey before its first update and in bootstrap, green to amber as R
 * climbs from its floor (R_base) toward the break point, red with the breaker open. Returns the
 * number of routes in each mode.
 */
export function drawRouteGrid(canvas, count, modeAt, resistanceAt, breakPointAt, floor) {
  const { ctx, width, height } = prepare(canvas);
  const cols = Math.ceil(Math.sqrt(count * width / Math.max(1, height)));
  const rows = Math.ceil(count / cols);
  const cw = width / cols;
  const ch = height / rows;
  const out = { operational: 0, breaker: 0, bootstrap: 0 };
  for (let i = 0; i < count; i++) {
    const mode = modeAt(i);
    let color;
    if (mode === 2) {
      color = '#ff5d5d';
      out.breaker++;
    } else if (mode === 1) {
      // How far R is from its floor (R_base) toward the break point, 0..1, in PALETTE.length steps.
      const ratio = Math.max(0, Math.min(1, (resistanceAt(i) - floor) / (breakPointAt(i) - floor)));
      color = PALETTE[Math.min(PALETTE.length - 1, Math.floor(ratio * PALETTE.length))];
      out.operational++;
    } else {
      color = '#3a4654';
      if (mode === 0) out.bootstrap++;
    }
    ctx.fillStyle = color;
    const x = (i % cols) * cw;
    const y = Math.floor(i / cols) * ch;
    ctx.fillRect(x + 0.5, y + 0.5, Math.max(1, cw - 1), Math.max(1, ch - 1));
  }
  return out;
}
