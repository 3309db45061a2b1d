import { createHash } from 'node:crypto';
import type { Report } from './report.js';

/**
 * report.html: one self-contained page (no network, no external script, font or style) for the incident
 * review, management and auditors. Every value from Clumio or the input goes through `html` below, which
 * escapes whatever it is given unless it is markup this module built; the page's Content-Security-Policy
 * allows only this module's own script and style (by hash), so injected markup could not run even if it
 * slipped through. The table is rendered in full here: it reads the same with JavaScript off.
 */

/**
 * The report as this page reads it: loosely, so that fields the report gains (per-restore times, target
 * details, new statuses, the groups that matched nothing) show when present and older reports still render.
 */
export interface ReportView {
  readonly version?: string;
  readonly runId?: string;
  readonly dryRun?: boolean;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly inputSource?: string;
  readonly counts?: Readonly<Record<string, unknown>>;
  readonly restores?: readonly EntryView[];
  readonly failure?: { readonly error?: string; readonly cause?: string };
  readonly groups?: readonly unknown[];
  readonly noMatch?: readonly unknown[];
  readonly notPlanned?: readonly unknown[];
}

export interface EntryView {
  readonly groupIndex?: number;
  readonly resourceType?: string;
  readonly sourceAccount?: string | null;
  readonly sourceRegion?: string | null;
  readonly sourceResourceId?: string | null;
  readonly sourceResourceNativeId?: string | null;
  readonly backupId?: string | null;
  readonly backupTimestamp?: string | null;
  readonly targetAccount?: string | null;
  readonly targetRegion?: string | null;
  readonly taskId?: string | null;
  readonly startedAt?: string | null;
  readonly endedAt?: string | null;
  readonly status?: string;
  readonly error?: string | null;
  readonly warnings?: string | null;
}

export interface RenderOptions {
  /** Where the run's input is, when the report does not say (`inputSource`). */
  readonly inputSource?: string;
}

/** Markup built here; anything else interpolated into `html` is text and gets escaped. */
class Markup {
  constructor(readonly text: string) {}
}
type Part = Markup | string | number | boolean | null | undefined | readonly Part[];

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

function piece(part: Part): string {
  if (part instanceof Markup) return part.text;
  if (Array.isArray(part)) return part.map(piece).join('');
  if (part === null || part === undefined || part === false) return '';
  return escapeHtml(String(part));
}

/**
 * The templates' own indentation is dropped (a line break stays: HTML collapses whitespace anyway), so
 * 1,000 rows do not carry the source's formatting; interpolated text is never touched.
 */
const compacted = new WeakMap<TemplateStringsArray, readonly string[]>();
function html(strings: TemplateStringsArray, ...values: Part[]): Markup {
  let parts = compacted.get(strings);
  if (parts === undefined) {
    parts = strings.map((s) => s.replace(/\n\s+/g, '\n'));
    compacted.set(strings, parts);
  }
  let text = parts[0] ?? '';
  values.forEach((value, i) => (text += piece(value) + (parts[i + 1] ?? '')));
  return new Markup(text);
}

/** Status colours (the Okabe-Ito palette, told apart by most colour-blind readers); text always says the status. */
const statusColours: Readonly<Record<string, string>> = {
  completed: '#009e73',
  failed: '#d55e00',
  timed_out: '#e69f00',
  unknown: '#cc79a7',
  running: '#0072b2',
  aborted: '#000000',
  planned: '#56b4e9',
  no_backup: '#999999',
  no_match: '#f0e442',
  not_planned: '#6b4e16',
};
const otherColour = '#7f7f7f';
const statusOrder = Object.keys(statusColours);
const statusClass = (status: string): string => (status in statusColours ? `s-${status}` : 's-other');
const statusLabels: Readonly<Record<string, string>> = {
  timed_out: 'timed out',
  no_backup: 'no backup',
  no_match: 'matched nothing',
  not_planned: 'not planned',
};
const statusLabel = (status: string): string => statusLabels[status] ?? status;

const countLabels: Readonly<Record<string, string>> = {
  planned: 'planned restores',
  no_backup: 'without a backup',
  no_match: 'groups that matched nothing',
  not_planned: 'groups not planned',
  timed_out: 'timed out',
};

/** Statuses with their own section below the table: they name groups, not restores. */
const groupStatuses = new Set(['no_match', 'not_planned']);

const style = `
:root { color-scheme: light; --fg: #1a1a1a; --muted: #555; --line: #d0d0d0; --head: #f3f3f3; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--fg); margin: 0 auto; padding: 16px 24px 48px; max-width: 1800px; }
h1 { font-size: 1.4em; margin: 0 0 8px; }
h2 { font-size: 1.15em; margin: 24px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
.run dt { color: var(--muted); }
.run dd { margin: 0; overflow-wrap: anywhere; }
.summary { font-size: 1.1em; font-weight: 600; margin: 12px 0; }
.failure { border: 2px solid ${statusColours.failed}; padding: 8px 12px; margin: 12px 0; }
.failure pre, .error { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
figure { margin: 0; }
.charts figure { flex: 1 1 360px; max-width: 560px; }
figcaption { color: var(--muted); font-size: 0.9em; margin-top: 4px; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 12px; padding: 0; }
.counts div { border: 1px solid var(--line); padding: 4px 10px; min-width: 90px; }
.counts dt { color: var(--muted); font-size: 0.85em; }
.counts dd { margin: 0; font-size: 1.3em; font-weight: 600; }
.timeline { max-height: 70vh; overflow-y: auto; border: 1px solid var(--line); }
.timeline svg { display: block; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; padding: 0; margin: 6px 0; font-size: 0.9em; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em; margin-right: 4px; border: 1px solid #0003; }
svg text { font: 11px system-ui, Arial, sans-serif; fill: var(--fg); }
svg .axis { stroke: var(--line); }
rect.bar { stroke-width: 1; }
${statusOrder.map((s) => `.s-${s} { fill: ${statusColours[s]}; stroke: ${statusColours[s]}; background: ${statusColours[s]}; }`).join('\n')}
.s-other { fill: ${otherColour}; stroke: ${otherColour}; background: ${otherColour}; }
#controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin: 8px 0; }
#controls[hidden] { display: none; }
#controls label { display: flex; flex-direction: column; font-size: 0.85em; color: var(--muted); }
#controls select, #controls input { font: inherit; padding: 2px 4px; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
.id, .sub, .error { overflow-wrap: anywhere; }
.region { white-space: nowrap; }
caption { text-align: left; color: var(--muted); padding: 4px 0; }
td.num, .status { white-space: nowrap; }
thead th { background: var(--head); position: sticky; top: 0; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; text-align: left; }
th[aria-sort=ascending] button::after { content: " \\25B2" / ""; }
th[aria-sort=descending] button::after { content: " \\25BC" / ""; }
td.num, th.num { text-align: right; }
.sub { display: block; color: var(--muted); font-size: 0.85em; }
tr:target { outline: 2px solid #0072b2; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { font-size: 8pt; padding: 0; max-width: none; }
  #controls { display: none; }
  .timeline { max-height: none; overflow: visible; border: 0; }
  thead th { position: static; }
  tr { break-inside: avoid; }
  h2 { break-after: avoid; }
  figure { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

// Plain DOM calls only (textContent, hidden, appendChild): no markup is ever built from the report's text.
const script = `
(function () {
  var table = document.getElementById('restores');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var byStatus = document.getElementById('f-status');
  var byType = document.getElementById('f-type');
  var byAccount = document.getElementById('f-account');
  var search = document.getElementById('f-search');
  var shown = document.getElementById('shown');
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  function apply() {
    var q = search.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r, i) {
      var d = r.dataset;
      var ok = (!byStatus.value || d.status === byStatus.value) &&
        (!byType.value || d.type === byType.value) &&
        (!byAccount.value || d.sourceAccount === byAccount.value || d.targetAccount === byAccount.value) &&
        (!q || texts[i].indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' restores shown';
  }
  [byStatus, byType, byAccount].forEach(function (e) { e.addEventListener('change', apply); });
  search.addEventListener('input', apply);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, column) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = th.textContent.trim();
    th.textContent = '';
    th.appendChild(button);
    button.addEventListener('click', function () {
      var descending = th.getAttribute('aria-sort') === 'ascending';
      headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      var numeric = th.dataset.type === 'number';
      function key(r) {
        var cell = r.cells[column];
        var v = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
        return numeric && v !== '' ? Number(v) : v;
      }
      var keyed = rows.map(function (r, i) { return { r: r, k: key(r), i: i }; });
      keyed.sort(function (a, b) {
        // Empty values last either way; ties keep the report's order.
        if (a.k === '' || b.k === '') return a.k === b.k ? a.i - b.i : a.k === '' ? 1 : -1;
        var c = numeric ? a.k - b.k : String(a.k).localeCompare(String(b.k), undefined, { numeric: true });
        return (descending ? -c : c) || a.i - b.i;
      });
      keyed.forEach(function (e) { body.appendChild(e.r); });
    });
  });
  document.getElementById('controls').hidden = false;
  apply();
})();
`;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const csp =
  `default-src 'none'; style-src ${sha256(style)}; script-src ${sha256(script)}; ` +
  `img-src 'none'; base-uri 'none'; form-action 'none'`;

// Whole elements, kept out of the templates so that no formatting of these files can change the hashed text.
const styleElement = new Markup(`<style>${style}</style>`);
const scriptElement = new Markup(`<script>${script}</script>`);

const isScalar = (v: unknown): v is string | number | boolean =>
  ['string', 'number', 'boolean'].includes(typeof v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const nf = new Intl.NumberFormat('en-US');
const plural = (n: number, one: string, many = `${one}s`): string =>
  `${nf.format(n)} ${n === 1 ? one : many}`;

function time(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
}

/** "2026-12-01 21:45:34 UTC": the ISO text as given when it does not parse. */
function utc(iso: string | undefined): string {
  const t = time(iso);
  if (t === undefined) return iso ?? '';
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

const timeCell = (iso: string | undefined): Markup =>
  iso === undefined ? html`` : html`<time datetime="${iso}">${utc(iso).replace(' UTC', '')}</time>`;

/** The account, and its region on a line of its own. */
const where = (account: unknown, region: unknown): Markup =>
  html`${str(account)}${str(region) === undefined ? '' : html`<span class="sub region">${str(region)}</span>`}`;

/** Target details the report may carry beyond account and region (targetName, targetVpc, ...). */
function targetDetails(entry: EntryView): [string, string][] {
  return Object.entries(entry as Readonly<Record<string, unknown>>)
    .filter(
      ([k, v]) => /^target[A-Z]/.test(k) && k !== 'targetAccount' && k !== 'targetRegion' && isScalar(v),
    )
    .map(([k, v]) => [k.slice(6, 7).toLowerCase() + k.slice(7), String(v)]);
}

const sourceName = (e: EntryView): string => str(e.sourceResourceNativeId) ?? str(e.sourceResourceId) ?? '';

interface Bar {
  readonly index: number;
  readonly entry: EntryView;
  readonly start: number;
  readonly end: number;
  /** The run's start/finish stand in for times the report does not hold for this restore. */
  readonly estimated: boolean;
}

/** A bar for each restore that started a Clumio task: its own times, else the run's start and finish. */
function barsOf(entries: readonly EntryView[], runStart?: number, runEnd?: number): Bar[] {
  const bars: Bar[] = [];
  entries.forEach((entry, index) => {
    const ownStart = time(str(entry.startedAt));
    const ownEnd = time(str(entry.endedAt));
    if (ownStart === undefined && str(entry.taskId) === undefined) return;
    const start = ownStart ?? runStart;
    const end = ownEnd ?? runEnd ?? start;
    if (start === undefined || end === undefined) return;
    bars.push({
      index,
      entry,
      start,
      end: Math.max(start, end),
      estimated: ownStart === undefined || ownEnd === undefined,
    });
  });
  return bars;
}

/** Greedy lanes: a bar goes in the first lane free by its start, so 1,000 restores fit in as many lanes as ran at once. */
function lanesOf(bars: readonly Bar[]): Map<Bar, number> {
  const laneEnds: number[] = [];
  const lanes = new Map<Bar, number>();
  for (const bar of [...bars].sort((a, b) => a.start - b.start || a.index - b.index)) {
    let lane = laneEnds.findIndex((end) => end <= bar.start);
    if (lane < 0) lane = laneEnds.push(bar.end) - 1;
    else laneEnds[lane] = bar.end;
    lanes.set(bar, lane);
  }
  return lanes;
}

const tickSteps = [1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800].map(
  (s) => s * 1000,
);

function timeline(entries: readonly EntryView[], view: ReportView): Markup {
  const bars = barsOf(entries, time(view.startedAt), time(view.finishedAt));
  if (bars.length === 0) {
    const why = view.dryRun === true ? 'A dry run starts no restore' : 'No restore started a Clumio task';
    return html`<p>${why}: there is no timeline.</p>`;
  }
  const from = bars.reduce((t, b) => Math.min(t, b.start), Infinity);
  const last = bars.reduce((t, b) => Math.max(t, b.end), -Infinity);
  // Restores that took no measurable time still get an axis to stand on.
  const to = last > from ? last : from + 1000;
  const span = to - from;
  const lanes = lanesOf(bars);
  const laneCount = [...lanes.values()].reduce((n, lane) => Math.max(n, lane + 1), 0);
  const pitch = Math.min(14, Math.max(3, Math.floor(480 / laneCount)));
  const barHeight = pitch > 5 ? pitch - 2 : pitch - 1;
  const axis = 22;
  const height = laneCount * pitch + axis + 4;
  const pct = (t: number): string => `${(((t - from) / span) * 100).toFixed(3)}%`;
  const step = tickSteps.find((s) => span / s <= 8) ?? tickSteps[tickSteps.length - 1] ?? 86_400_000;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  // Seconds only when the ticks are less than a minute apart.
  const tickLabel = (t: number): string => new Date(t).toISOString().slice(11, step < 60_000 ? 19 : 16);
  const estimated = bars.filter((b) => b.estimated).length;
  const byStatus = countBy(bars.map((b) => b.entry.status ?? 'unknown'));
  const longest = bars.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const description =
    `${plural(bars.length, 'restore')} from ${utc(new Date(from).toISOString())} to ${utc(new Date(to).toISOString())} ` +
    `(${duration(span)}), at most ${nf.format(laneCount)} at once; ` +
    `${[...byStatus].map(([s, n]) => `${nf.format(n)} ${statusLabel(s)}`).join(', ')}; ` +
    `longest: ${sourceName(longest.entry)} (${duration(longest.end - longest.start)}).` +
    (estimated > 0
      ? ` ${plural(estimated, 'restore')} without ${estimated === 1 ? 'its' : 'their'} own start and end times in the report: ` +
        `${estimated === 1 ? 'its bar spans' : 'their bars span'} the run's start to finish.`
      : '');
  const rects = bars.map((bar) => {
    const status = bar.entry.status ?? 'unknown';
    const y = (lanes.get(bar) ?? 0) * pitch + 2;
    const title =
      `#${bar.index + 1} ${bar.entry.resourceType ?? ''} ${sourceName(bar.entry)}: ${statusLabel(status)}, ` +
      `${utc(new Date(bar.start).toISOString())} to ${utc(new Date(bar.end).toISOString())} (${duration(bar.end - bar.start)})` +
      (bar.estimated ? "; the run's start and finish: this restore's own times are not in the report" : '');
    return html`<a href="#r-${bar.index}"
      ><rect
        class="bar ${statusClass(status)}"
        data-restore="${bar.index}"
        data-status="${status}"
        x="${pct(bar.start)}"
        y="${y}"
        width="${((Math.max(bar.end - bar.start, 0) / span) * 100).toFixed(3)}%"
        height="${barHeight}"
        ><title>${title}</title></rect
      ></a
    >`;
  });
  const top = laneCount * pitch + 4;
  // A label centred on a tick at either end of the axis would be cut by the edge of the picture.
  const anchor = (t: number): string => {
    const at = (t - from) / span;
    return at < 0.08 ? 'start' : at > 0.92 ? 'end' : 'middle';
  };
  const tickMarks = ticks.map(
    (t) =>
      html`<line class="axis" x1="${pct(t)}" x2="${pct(t)}" y1="0" y2="${top}"></line
        ><text x="${pct(t)}" y="${top + 14}" text-anchor="${anchor(t)}">${tickLabel(t)}</text>`,
  );
  return html`<figure>
    <div class="timeline">
      <svg
        id="timeline"
        width="100%"
        height="${height}"
        role="img"
        aria-labelledby="timeline-title timeline-desc"
      >
        <title id="timeline-title">Timeline of the restores</title>
        <desc id="timeline-desc">${description}</desc>
        ${tickMarks}${rects}
      </svg>
    </div>
    ${legend(byStatus.keys())}
    <figcaption>${description} Times in UTC; each bar links to its row in the table.</figcaption>
  </figure>`;
}

function legend(statuses: Iterable<string>): Markup {
  const items = [...statuses].map(
    (s) => html`<li><span class="swatch ${statusClass(s)}" aria-hidden="true"></span>${statusLabel(s)}</li>`,
  );
  return html`<ul class="legend" aria-label="Colours by status">
    ${items}
  </ul>`;
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
}
const rank = (status: string): number => {
  const i = statusOrder.indexOf(status);
  return i < 0 ? statusOrder.length : i;
};

/** Horizontal bars, one per status; a fixed viewBox so the text scales with the bars. */
function statusChart(entries: readonly EntryView[]): Markup {
  const byStatus = countBy(entries.map((e) => e.status ?? 'unknown'));
  const max = Math.max(1, ...byStatus.values());
  const rowH = 22;
  const description = [...byStatus].map(([s, n]) => `${statusLabel(s)}: ${nf.format(n)}`).join(', ');
  const rows = [...byStatus].map(([status, n], i) => {
    const w = Math.max(1, (n / max) * 250);
    return html`<text x="0" y="${i * rowH + 15}">${statusLabel(status)}</text
      ><rect
        class="${statusClass(status)}"
        data-chart-status="${status}"
        x="110"
        y="${i * rowH + 4}"
        width="${w.toFixed(1)}"
        height="14"
      ></rect
      ><text x="${(116 + w).toFixed(1)}" y="${i * rowH + 15}">${nf.format(n)}</text>`;
  });
  return html`<figure>
    <svg
      viewBox="0 0 420 ${Math.max(1, byStatus.size) * rowH + 4}"
      width="100%"
      role="img"
      aria-labelledby="status-title status-desc"
    >
      <title id="status-title">Entries by status</title>
      <desc id="status-desc">${description}</desc>
      ${rows}
    </svg>
    <figcaption>By status: ${description || 'no entries'}.</figcaption>
  </figure>`;
}

/** One stacked bar per resource type, split by status. */
function typeChart(entries: readonly EntryView[]): Markup {
  const types = new Map<string, EntryView[]>();
  for (const e of entries) {
    const type = e.resourceType ?? '';
    const list = types.get(type);
    if (list === undefined) types.set(type, [e]);
    else list.push(e);
  }
  const max = Math.max(1, ...[...types.values()].map((l) => l.length));
  const rowH = 22;
  const parts: string[] = [];
  const rows = [...types].map(([type, list], i) => {
    let x = 110;
    const statuses = countBy(list.map((e) => e.status ?? 'unknown'));
    parts.push(
      `${type}: ${nf.format(list.length)} (${[...statuses].map(([s, n]) => `${nf.format(n)} ${statusLabel(s)}`).join(', ')})`,
    );
    const segments = [...statuses].map(([status, n]) => {
      const w = (n / max) * 250;
      const rect = html`<rect
        class="${statusClass(status)}"
        x="${x.toFixed(1)}"
        y="${i * rowH + 4}"
        width="${w.toFixed(1)}"
        height="14"
        ><title>${type}: ${nf.format(n)} ${statusLabel(status)}</title></rect
      >`;
      x += w;
      return rect;
    });
    return html`<text x="0" y="${i * rowH + 15}">${type}</text>${segments}<text
        x="${(x + 6).toFixed(1)}"
        y="${i * rowH + 15}"
        data-chart-type="${type}"
        >${nf.format(list.length)}</text
      >`;
  });
  const description = parts.join('; ');
  return html`<figure>
    <svg
      viewBox="0 0 420 ${Math.max(1, types.size) * rowH + 4}"
      width="100%"
      role="img"
      aria-labelledby="type-title type-desc"
    >
      <title id="type-title">Entries by resource type</title>
      <desc id="type-desc">${description}</desc>
      ${rows}
    </svg>
    <figcaption>By resource type: ${description || 'no entries'}.</figcaption>
  </figure>`;
}

function countsList(view: ReportView): Markup {
  const counts = Object.entries(view.counts ?? {}).filter(
    (kv): kv is [string, number] => typeof kv[1] === 'number',
  );
  return html`<dl class="counts">
    ${counts.map(
      ([key, n]) =>
        html`<div>
          <dt>${countLabels[key] ?? key.replace(/_/g, ' ')}</dt>
          <dd data-count="${key}">${nf.format(n)}</dd>
        </div>`,
    )}
  </dl>`;
}

function summaryLine(view: ReportView, entries: readonly EntryView[]): string {
  const restores = entries.filter((e) => e.status !== 'no_backup' && !groupStatuses.has(e.status ?? ''));
  const byStatus = countBy(restores.map((e) => e.status ?? 'unknown'));
  const outcomes = [...byStatus].map(([s, n]) => `${nf.format(n)} ${statusLabel(s)}`).join(', ');
  const noBackup =
    entries.length - restores.length - entries.filter((e) => groupStatuses.has(e.status ?? '')).length;
  return (
    `${plural(restores.length, 'restore')}${outcomes ? `: ${outcomes}` : ''}` +
    (noBackup > 0 ? `; ${plural(noBackup, 'resource')} without a backup` : '') +
    (view.dryRun === true ? ' (dry run: nothing was restored)' : '')
  );
}

const options = (
  id: string,
  label: string,
  values: readonly string[],
  show: (v: string) => string = (v) => v,
): Markup =>
  html`<label for="${id}"
    >${label}<select id="${id}">
      <option value="">all</option>
      ${values.map((v) => html`<option value="${v}">${show(v)}</option>`)}
    </select></label
  >`;

const sorted = (values: Iterable<string | undefined>): string[] =>
  [...new Set(values)].filter((v): v is string => v !== undefined).sort();

function restoresTable(entries: readonly EntryView[], indexOf: Map<EntryView, number>): Markup {
  const statuses = [...countBy(entries.map((e) => e.status ?? 'unknown')).keys()];
  const types = sorted(entries.map((e) => e.resourceType));
  const accounts = sorted(entries.flatMap((e) => [str(e.sourceAccount), str(e.targetAccount)]));
  const controls = html`<div id="controls" hidden>
    ${options('f-status', 'Status', statuses, statusLabel)}${options('f-type', 'Resource type', types)}${options('f-account', 'Account (source or target)', accounts)}<label
      for="f-search"
      >Search<input id="f-search" type="search" placeholder="name, id, error…" /></label
    ><span id="shown" aria-live="polite"></span>
  </div>`;
  // Per-restore times are in newer reports only: their columns show when some restore has them.
  const timed = entries.some((e) => str(e.startedAt) !== undefined || str(e.endedAt) !== undefined);
  const columns = restoreColumns.filter((c) => timed || !c.timed);
  const rows = entries.map((e) => {
    const index = indexOf.get(e) ?? 0;
    return html`<tr
      id="r-${index}"
      data-status="${e.status ?? 'unknown'}"
      data-type="${e.resourceType ?? ''}"
      data-source-account="${str(e.sourceAccount) ?? ''}"
      data-target-account="${str(e.targetAccount) ?? ''}"
    >
      ${columns.map((c) => c.cell(e, index))}
    </tr>`;
  });
  return html`${controls}
    <table id="restores">
      <caption>
        Every restore of the run, in the report's order (group, then plan order), then the resources without a
        backup. Times in UTC.
      </caption>
      <thead>
        <tr>
          ${columns.map(
            (c) =>
              html`<th
                scope="col"
                class="${c.numeric ? 'num' : ''}"
                data-type="${c.numeric ? 'number' : 'text'}"
              >
                ${c.header}
              </th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>`;
}

const tookMs = (e: EntryView): number | undefined => {
  const start = time(str(e.startedAt));
  const end = time(str(e.endedAt));
  return start !== undefined && end !== undefined ? end - start : undefined;
};

/** The restores table's columns; `data-sort` is what a column sorts by when it is not the cell's text. */
const restoreColumns: readonly {
  readonly header: string;
  readonly numeric?: boolean;
  readonly timed?: boolean;
  readonly cell: (e: EntryView, index: number) => Markup;
}[] = [
  { header: '#', numeric: true, cell: (_, index) => html`<td class="num">${index + 1}</td>` },
  { header: 'Group', numeric: true, cell: (e) => html`<td class="num">${e.groupIndex}</td>` },
  { header: 'Type', cell: (e) => html`<td>${e.resourceType}</td>` },
  {
    header: 'Source',
    cell: (e) =>
      html`<td data-sort="${sourceName(e)}">
        <span class="id">${sourceName(e)}</span>${
          e.sourceResourceNativeId && e.sourceResourceId
            ? html`<span class="sub">${e.sourceResourceId}</span>`
            : ''
        }
      </td>`,
  },
  {
    header: 'Source account / region',
    cell: (e) => html`<td>${where(e.sourceAccount, e.sourceRegion)}</td>`,
  },
  {
    header: 'Backup',
    cell: (e) =>
      html`<td data-sort="${str(e.backupTimestamp) ?? ''}">
        ${utc(str(e.backupTimestamp))}${e.backupId ? html`<span class="sub">${e.backupId}</span>` : ''}
      </td>`,
  },
  {
    header: 'Target',
    cell: (e) =>
      html`<td>
        ${where(e.targetAccount, e.targetRegion)}${targetDetails(e).map(
          ([k, v]) => html`<span class="sub">${k}: ${v}</span>`,
        )}
      </td>`,
  },
  { header: 'Clumio task', cell: (e) => html`<td>${e.taskId}</td>` },
  {
    header: 'Started',
    timed: true,
    cell: (e) => html`<td data-sort="${str(e.startedAt) ?? ''}">${timeCell(str(e.startedAt))}</td>`,
  },
  {
    header: 'Ended',
    timed: true,
    cell: (e) => html`<td data-sort="${str(e.endedAt) ?? ''}">${timeCell(str(e.endedAt))}</td>`,
  },
  {
    header: 'Took',
    numeric: true,
    timed: true,
    cell: (e) => {
      const took = tookMs(e);
      return html`<td class="num" data-sort="${took ?? ''}">${took === undefined ? '' : duration(took)}</td>`;
    },
  },
  {
    header: 'Status',
    cell: (e) => {
      const status = e.status ?? 'unknown';
      return html`<td class="status" data-sort="${status}">
        <span class="swatch ${statusClass(status)}" aria-hidden="true"></span>${statusLabel(status)}
      </td>`;
    },
  },
  {
    header: 'Error',
    cell: (e) =>
      html`<td>
        <span class="error">${e.error}</span
        >${e.warnings ? html`<span class="error warning">${e.warnings}</span>` : ''}
      </td>`,
  },
];

/** A table of whatever objects a list holds: one column per scalar field any of them has. */
function objectTable(id: string, caption: string, items: readonly unknown[]): Markup {
  const objects = items.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
  const keys = sorted(objects.flatMap((o) => Object.keys(o).filter((k) => isScalar(o[k]) || o[k] === null)));
  const cell = (v: unknown): string => (isScalar(v) ? String(v) : '');
  return html`<table id="${id}">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${keys.map((k) => html`<th scope="col">${k}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${objects.map(
        (o) =>
          html`<tr>
            ${keys.map((k) => html`<td><span class="error">${cell(o[k])}</span></td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function groupSection(
  id: string,
  title: string,
  listed: readonly unknown[] | undefined,
  entries: readonly EntryView[],
): Markup {
  const items =
    listed ??
    entries.map(({ groupIndex, resourceType, sourceAccount, sourceRegion, error }) => ({
      groupIndex,
      resourceType,
      sourceAccount,
      sourceRegion,
      reason: error,
    }));
  if (items.length === 0) return html``;
  return html`<section aria-labelledby="${id}-h">
    <h2 id="${id}-h">${title} (${nf.format(items.length)})</h2>
    ${objectTable(id, title, items)}
  </section>`;
}

/** The whole page, as one string. Pure: the same report gives the same page. */
export function renderReportHtml(report: Report | ReportView, options: RenderOptions = {}): string {
  const view: ReportView = report;
  const all = view.restores ?? [];
  const indexOf = new Map(all.map((e, i) => [e, i]));
  const entries = all.filter((e) => !groupStatuses.has(e.status ?? ''));
  const start = time(view.startedAt);
  const end = time(view.finishedAt);
  const inputSource = str(view.inputSource) ?? str(options.inputSource);
  const failure = view.failure;
  const page = html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${csp}" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>Bulk restore report ${view.runId ?? ''}</title>
        ${styleElement}
      </head>
      <body>
        <header>
          <h1>Bulk restore report: run ${view.runId ?? '(no run id)'}</h1>
          <dl class="run">
            <dt>Version</dt>
            <dd id="version">${view.version ?? ''}</dd>
            <dt>Run id</dt>
            <dd id="run-id">${view.runId ?? ''}</dd>
            <dt>Started</dt>
            <dd><time datetime="${view.startedAt ?? ''}">${utc(view.startedAt)}</time></dd>
            <dt>Finished</dt>
            <dd>
              <time datetime="${view.finishedAt ?? ''}">${utc(view.finishedAt)}</time
              >${start !== undefined && end !== undefined ? ` (${duration(end - start)})` : ''}
            </dd>
            <dt>Dry run</dt>
            <dd id="dry-run">${view.dryRun === true ? 'yes: nothing was restored' : 'no'}</dd>
            <dt>Input</dt>
            <dd id="input-source">${inputSource ?? 'not recorded'}</dd>
          </dl>
        </header>
        <main>
          ${
            failure !== undefined
              ? html`<section class="failure" aria-labelledby="failure-h">
                  <h2 id="failure-h">The run could not proceed: ${failure.error ?? ''}</h2>
                  <pre>${failure.cause ?? ''}</pre>
                </section>`
              : ''
          }
          <section aria-labelledby="counts-h">
            <h2 id="counts-h">Counts</h2>
            <p class="summary" id="summary">${summaryLine(view, all)}</p>
            ${countsList(view)}
            <div class="charts">${statusChart(entries)}${typeChart(entries)}</div>
          </section>
          <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">Timeline</h2>
            ${timeline(entries, view)}
          </section>
          <section aria-labelledby="restores-h">
            <h2 id="restores-h">Restores (${nf.format(entries.length)})</h2>
            ${restoresTable(entries, indexOf)}
          </section>
          ${groupSection(
            'no-match',
            'Groups that matched nothing',
            view.noMatch,
            all.filter((e) => e.status === 'no_match'),
          )}
          ${groupSection(
            'not-planned',
            'Groups that could not be planned',
            view.notPlanned,
            all.filter((e) => e.status === 'not_planned'),
          )}
          ${
            view.groups !== undefined && view.groups.length > 0
              ? html`<section aria-labelledby="groups-h">
                  <h2 id="groups-h">Groups (${nf.format(view.groups.length)})</h2>
                  ${objectTable('groups', 'The groups of the input', view.groups)}
                </section>`
              : ''
          }
        </main>
        <footer>
          <p>
            clumio-bulk-restore ${view.version ?? ''}: report.html, written with report.json and report.csv.
          </p>
        </footer>
        ${scriptElement}
      </body>
    </html> `;
  return page.text;
}
