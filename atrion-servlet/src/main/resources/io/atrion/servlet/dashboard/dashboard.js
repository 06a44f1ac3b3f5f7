// Atrion dashboard: reads the server-sent events of AtrionStreamServlet and shows every route.
// The list renders only the rows in view (a fixed pool of row elements moved as you scroll), so a
// service with thousands of routes costs the browser one JSON parse per frame and a few dozen rows.
import { drawTimeChart } from './charts.js';

const HISTORY = 240;          // samples kept per route: 2 minutes at the default 2 Hz
const ROW = 28;               // px, as .row in dashboard.css
const MODES = ['BOOTSTRAP', 'OPERATIONAL', 'CIRCUIT_BREAKER'];
const BAND = ['rgba(91, 141, 239, 0.3)', 'rgba(70, 167, 88, 0.12)', 'rgba(229, 72, 77, 0.35)'];

const params = new URLSearchParams(location.search);
const streamUrl = new URL(params.get('stream') || '../stream', location.href).toString();

const routes = new Map();     // id → route record
let order = [];               // route records, filtered and sorted
let tiers = ['critical', 'high', 'normal', 'low', 'bulk'];
let tierVoltages = [];
let firstT = null;
let nowT = 0;
let frames = 0;
let selected = params.get('route');
let sortKey = 'r';
let sortAsc = false;
let filter = '';
let dirty = true;

const $ = (id) => document.getElementById(id);
const list = $('list');
const spacer = $('spacer');
const pool = [];              // row elements reused for the visible window

function record(id) {
  return {
    id, mode: 'BOOTSTRAP', r: 0, s: 0, m: 0, bp: 0, rp: 0, ticks: 0,
    admittedRate: 0, shedRate: 0, admitted: 0, shed: 0, tierAdmitted: null, tierShed: null,
    tierAdmittedRate: [0, 0, 0, 0, 0], tierShedRate: [0, 0, 0, 0, 0],
    t: new Float64Array(HISTORY), hr: new Float64Array(HISTORY), hs: new Float64Array(HISTORY),
    hbp: new Float64Array(HISTORY), hrp: new Float64Array(HISTORY), hmode: new Uint8Array(HISTORY),
    head: 0, count: 0, lastT: 0, seen: 0,
  };
}

function rate(now, before, dt) {
  return before === undefined || dt <= 0 ? 0 : Math.max(0, (now - before) / dt);
}

function onFrame(frame) {
  if (firstT === null) firstT = frame.t;
  nowT = (frame.t - firstT) / 1000;
  if (frame.tiers) tiers = frame.tiers;
  if (frame.tierVoltages) tierVoltages = frame.tierVoltages;
  frames++;
  for (const e of frame.routes) {
    let rec = routes.get(e.id);
    if (!rec) { rec = record(e.id); routes.set(e.id, rec); }
    const dt = rec.seen ? nowT - rec.lastT : 0;
    const shed = (e.circuitOpen || 0) + (e.insufficientVoltage || 0) + (e.invalidVoltage || 0);
    rec.admittedRate = rate(e.admitted || 0, rec.seen ? rec.admitted : undefined, dt);
    rec.shedRate = rate(shed, rec.seen ? rec.shed : undefined, dt);
    if (e.tierAdmitted) {
      for (let i = 0; i < e.tierAdmitted.length; i++) {
        rec.tierAdmittedRate[i] = rate(e.tierAdmitted[i], rec.tierAdmitted ? rec.tierAdmitted[i] : undefined, dt);
        rec.tierShedRate[i] = rate(e.tierShed[i], rec.tierShed ? rec.tierShed[i] : undefined, dt);
      }
    }
    rec.admitted = e.admitted || 0;
    rec.shed = shed;
    rec.tierAdmitted = e.tierAdmitted || null;
    rec.tierShed = e.tierShed || null;
    rec.mode = e.mode; rec.r = e.r; rec.s = e.s; rec.m = e.m; rec.bp = e.bp; rec.rp = e.rp; rec.ticks = e.ticks;
    const i = rec.head;
    rec.t[i] = nowT; rec.hr[i] = e.r; rec.hs[i] = e.s; rec.hbp[i] = e.bp; rec.hrp[i] = e.rp;
    rec.hmode[i] = Math.max(0, MODES.indexOf(e.mode));
    rec.head = (i + 1) % HISTORY;
    rec.count = Math.min(HISTORY, rec.count + 1);
    rec.lastT = nowT;
    rec.seen = frames;
  }
  // Routes that left the stream (removed or reset) leave the list.
  for (const [id, rec] of routes) if (rec.seen !== frames) routes.delete(id);
  document.body.dataset.frames = String(frames);
  dirty = true;
}

/** Oldest-first iteration over a route's ring buffer. */
function forEachSample(rec, fn) {
  const start = (rec.head - rec.count + HISTORY) % HISTORY;
  for (let k = 0; k < rec.count; k++) fn((start + k) % HISTORY);
}

function compare(a, b) {
  let x = a[sortKey];
  let y = b[sortKey];
  if (sortKey === 'mode') { x = MODES.indexOf(x); y = MODES.indexOf(y); }
  let c = typeof x === 'string' ? x.localeCompare(y) : x - y;
  if (c === 0 || Number.isNaN(c)) c = a.id.localeCompare(b.id);
  return sortAsc ? c : -c;
}

function fmt(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e5) return v.toExponential(1);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function rowElement() {
  const row = document.createElement('div');
  row.className = 'row';
  row.innerHTML = '<span class="c-id"></span><span class="c-mode"></span><span class="c-num"></span>'
    + '<span class="c-num"></span><span class="c-num"></span><span class="c-num"></span><span class="c-num"></span>'
    + '<span class="c-spark"><canvas class="spark" width="120" height="20"></canvas></span>';
  row.addEventListener('click', () => { selected = row.dataset.route; dirty = true; });
  list.appendChild(row);
  return row;
}

function sparkline(canvas, rec) {
  const ratio = window.devicePixelRatio || 1;
  const w = 120;
  const h = 20;
  if (canvas.width !== w * ratio) { canvas.width = w * ratio; canvas.height = h * ratio; }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  if (rec.count < 2) return;
  let max = 1;
  forEachSample(rec, (i) => { max = Math.max(max, rec.hr[i], rec.hbp[i]); });
  const lo = Math.log10(1);
  const hi = Math.log10(max * 1.2);
  const y = (v) => h - 1 - (Math.log10(Math.max(v, 1)) - lo) / (hi - lo) * (h - 2);
  const x0 = nowT - HISTORY * 0.5;
  const x = (t) => Math.max(0, (t - x0) / (nowT - x0 || 1) * w);
  ctx.strokeStyle = '#555f6b';
  ctx.setLineDash([2, 2]);
  ctx.beginPath(); ctx.moveTo(0, y(rec.bp)); ctx.lineTo(w, y(rec.bp)); ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = rec.mode === 'CIRCUIT_BREAKER' ? '#e5484d' : '#5b8def';
  ctx.lineWidth = 1.25;
  ctx.beginPath();
  let k = 0;
  forEachSample(rec, (i) => { if (k++ === 0) ctx.moveTo(x(rec.t[i]), y(rec.hr[i])); else ctx.lineTo(x(rec.t[i]), y(rec.hr[i])); });
  ctx.stroke();
}

function renderList() {
  order = [];
  for (const rec of routes.values()) if (!filter || rec.id.toLowerCase().includes(filter)) order.push(rec);
  order.sort(compare);
  spacer.style.height = `${order.length * ROW}px`;
  const first = Math.max(0, Math.floor(list.scrollTop / ROW) - 2);
  const visible = Math.ceil(list.clientHeight / ROW) + 4;
  const last = Math.min(order.length, first + visible);
  while (pool.length < last - first) pool.push(rowElement());
  for (let p = 0; p < pool.length; p++) {
    const row = pool[p];
    const rec = order[first + p];
    if (!rec || first + p >= last) { row.style.display = 'none'; row.dataset.route = ''; continue; }
    row.style.display = '';
    row.style.top = `${(first + p) * ROW}px`;
    row.dataset.route = rec.id;
    row.dataset.mode = rec.mode;
    row.className = `row mode-${rec.mode}${rec.id === selected ? ' selected' : ''}`;
    const c = row.children;
    c[0].textContent = rec.id; c[0].title = rec.id;
    c[1].textContent = rec.mode === 'CIRCUIT_BREAKER' ? 'OPEN' : rec.mode.toLowerCase();
    c[2].textContent = fmt(rec.r);
    c[3].textContent = fmt(rec.s);
    c[4].textContent = fmt(rec.bp);
    c[5].textContent = fmt(rec.admittedRate);
    c[6].textContent = fmt(rec.shedRate);
    sparkline(c[7].firstChild, rec);
  }
  document.body.dataset.renderedRows = String(Math.max(0, last - first));
  let open = 0;
  for (const rec of routes.values()) if (rec.mode === 'CIRCUIT_BREAKER') open++;
  $('summary').textContent = `${routes.size} routes · ${open} open · ${frames} frames`;
}

function renderDetail() {
  if ((!selected || !routes.has(selected)) && order.length) selected = order[0].id;
  const rec = selected ? routes.get(selected) : null;
  if (!rec) return;
  $('d-title').textContent = rec.id;
  $('d-facts').innerHTML = '';
  const facts = [['mode', rec.mode], ['R', `${fmt(rec.r)} Ω`], ['scar', fmt(rec.s)], ['momentum', fmt(rec.m)],
    ['break point', `${fmt(rec.bp)} Ω`], ['recovery point', `${fmt(rec.rp)} Ω`], ['ticks', String(rec.ticks)],
    ['admitted / shed per s', `${fmt(rec.admittedRate)} / ${fmt(rec.shedRate)}`]];
  for (const [k, v] of facts) {
    const span = document.createElement('span');
    span.append(`${k} `);
    const b = document.createElement('b');
    b.textContent = v;
    span.append(b);
    $('d-facts').append(span);
  }
  const samples = [];
  const bands = [];
  let band = null;
  forEachSample(rec, (i) => {
    samples.push({ t: rec.t[i], r: rec.hr[i], s: rec.hs[i], bp: rec.hbp[i], rp: rec.hrp[i] });
    const mode = rec.hmode[i];
    if (!band || band.mode !== mode) { band = { mode, from: rec.t[i], to: rec.t[i], color: BAND[mode] }; bands.push(band); }
    band.to = rec.t[i] + 0.5;
  });
  drawTimeChart($('d-chart'), samples, [
    { key: 'r', color: '#5b8def', label: 'R', width: 2 },
    { key: 'bp', color: '#e5484d', label: 'break point', dash: [6, 4], step: true },
    { key: 'rp', color: '#46a758', label: 'recovery point', dash: [2, 3], step: true },
    { key: 's', color: '#f5a623', label: 'scar' },
  ], { t0: Math.max(0, nowT - HISTORY * 0.5), t1: Math.max(nowT, 10), log: true, min: 1, bands, title: 'ohms (log)' });
  const body = $('d-tiers').tBodies[0];
  body.innerHTML = '';
  for (let i = 0; i < tiers.length; i++) {
    const tr = document.createElement('tr');
    const cells = [tiers[i], fmt(tierVoltages[i]), fmt(rec.tierAdmittedRate[i]), fmt(rec.tierShedRate[i]),
      rec.tierAdmitted ? String(rec.tierAdmitted[i]) : '–', rec.tierShed ? String(rec.tierShed[i]) : '–'];
    cells.forEach((text, k) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (k === 3 || k === 5) td.className = 'shed';
      tr.append(td);
    });
    body.append(tr);
  }
}

function render() {
  if (dirty) {
    dirty = false;
    renderList();
    renderDetail();
  }
  requestAnimationFrame(render);
}

function connect() {
  const source = new EventSource(streamUrl);
  source.addEventListener('open', () => {
    document.body.dataset.state = 'live';
    $('status').textContent = `live · ${streamUrl}`;
  });
  source.addEventListener('routes', (event) => onFrame(JSON.parse(event.data)));
  source.addEventListener('error', () => {
    // EventSource reconnects by itself (after the server's retry: delay); only say so.
    document.body.dataset.state = 'disconnected';
    $('status').textContent = 'disconnected, reconnecting…';
  });
}

for (const head of document.querySelectorAll('#head [data-sort]')) {
  head.addEventListener('click', () => {
    const key = head.dataset.sort;
    if (sortKey === key) sortAsc = !sortAsc; else { sortKey = key; sortAsc = key === 'id'; }
    for (const h of document.querySelectorAll('#head [data-sort]')) {
      h.classList.toggle('sorted', h.dataset.sort === sortKey);
      h.classList.toggle('asc', h.dataset.sort === sortKey && sortAsc);
    }
    dirty = true;
  });
  head.classList.toggle('sorted', head.dataset.sort === sortKey);
}
list.addEventListener('scroll', () => { dirty = true; }, { passive: true });
window.addEventListener('resize', () => { dirty = true; });
$('filter').addEventListener('input', (e) => { filter = e.target.value.trim().toLowerCase(); dirty = true; });

window.atrionDashboard = { routes, streamUrl, sort: (key, asc) => { sortKey = key; sortAsc = !!asc; dirty = true; } };
connect();
requestAnimationFrame(render);
