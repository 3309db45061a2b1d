import type { Report, ReportEntry } from '../workflows/report.js';

/** The terminal presentation of a report: the counts line and a table that fits the terminal. */

/** "12 restores: 10 completed, 1 failed, 1 unknown; 1 without a backup" (zero counts left out). */
export function countsLine(report: Report): string {
  const { counts } = report;
  const restores = `${counts.planned} ${counts.planned === 1 ? 'restore' : 'restores'}`;
  const outcomes = report.dryRun
    ? [`${counts.planned} planned (dry run)`]
    : (
        [
          [counts.completed, 'completed'],
          [counts.failed, 'failed'],
          [counts.timed_out, 'timed out'],
          [counts.unknown, 'unknown'],
        ] as const
      )
        .filter(([n]) => n > 0)
        .map(([n, label]) => `${n} ${label}`);
  const head = outcomes.length > 0 ? `${restores}: ${outcomes.join(', ')}` : restores;
  return counts.no_backup > 0 ? `${head}; ${counts.no_backup} without a backup` : head;
}

const ellipsis = '…';

function fit(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 0 ? '' : text.slice(0, width - 1) + ellipsis;
}

type ColumnName = 'row' | 'type' | 'source' | 'backup' | 'target' | 'status' | 'task' | 'error';

const place = (account: string | null, region: string | null): string =>
  [account, region].filter((part) => part !== null).join('/');

const columns: readonly {
  readonly name: ColumnName;
  readonly header: string;
  readonly cell: (entry: ReportEntry, row: number) => string;
}[] = [
  { name: 'row', header: '#', cell: (_, row) => String(row + 1) },
  { name: 'type', header: 'type', cell: (e) => e.resourceType },
  {
    name: 'source',
    header: 'source',
    // The native id first: it names the resource even when the column is cut.
    cell: (e) => {
      const where = place(e.sourceAccount, e.sourceRegion);
      return `${e.sourceResourceNativeId ?? e.sourceResourceId}${where === '' ? '' : ` (${where})`}`;
    },
  },
  { name: 'backup', header: 'backup time', cell: (e) => e.backupTimestamp ?? '-' },
  { name: 'target', header: 'target', cell: (e) => place(e.targetAccount, e.targetRegion) || '-' },
  { name: 'status', header: 'status', cell: (e) => e.status },
  { name: 'task', header: 'task', cell: (e) => e.taskId ?? '-' },
  { name: 'error', header: 'error', cell: (e) => e.error ?? '' },
];

/**
 * How columns give up room when the table is wider than asked, step by step: each step cuts one column
 * down to at most its floor, as far as needed. First to still-readable widths, then to 5 characters.
 */
const shrinkSteps: readonly (readonly [ColumnName, number])[] = [
  ['error', 40],
  ['error', 20],
  ['source', 36],
  ['target', 12],
  ['backup', 11],
  ['task', 12],
  ['source', 24],
  ['error', 5],
  ['source', 5],
  ['task', 5],
  ['target', 5],
  ['backup', 5],
  ['type', 5],
];
const gap = '  ';

/**
 * A fixed-width table for a terminal: one line per report entry, then the counts line. Every line fits
 * `width`: columns are cut (with …) by shrinkSteps, and a width too narrow even for that cuts every line.
 */
export function reportTable(report: Report, width = 160): string {
  // One line per entry: a multi-line Clumio message must not break the table.
  const rows = report.restores.map((entry, row) =>
    columns.map((column) => column.cell(entry, row).replace(/\s+/g, ' ').trim()),
  );
  // reduce, not Math.max(...): a spread of many thousand rows would overflow the call stack.
  const widths = columns.map((column, i) =>
    rows.reduce((w, cells) => Math.max(w, cells[i]?.length ?? 0), column.header.length),
  );
  let excess = widths.reduce((sum, w) => sum + w, 0) + gap.length * (columns.length - 1) - width;
  for (const [name, floor] of shrinkSteps) {
    const i = columns.findIndex((column) => column.name === name);
    const cut = Math.min(Math.max(excess, 0), Math.max(0, (widths[i] ?? 0) - floor));
    widths[i] = (widths[i] ?? 0) - cut;
    excess -= cut;
  }
  const line = (cells: readonly string[]): string =>
    fit(
      cells
        .map((cell, i) => fit(cell, widths[i] ?? 0).padEnd(widths[i] ?? 0))
        .join(gap)
        .trimEnd(),
      width,
    );
  const table = rows.length > 0 ? [line(columns.map((c) => c.header)), ...rows.map(line)] : [];
  return [...table, fit(countsLine(report), width), ...warningLines(report, width)].join('\n');
}

/** Rows named per warning line before the rest are only counted. */
const ROWS_NAMED = 12;

/**
 * What the restores will not keep, below the table: each distinct warning once, then the rows (# as in
 * the table) it concerns, so a thousand restores to another account give two lines, not a thousand.
 */
function warningLines(report: Report, width: number): string[] {
  const rows = new Map<string, number[]>();
  report.restores.forEach((entry, row) => {
    if (entry.warnings === null) return;
    const numbers = rows.get(entry.warnings);
    if (numbers === undefined) rows.set(entry.warnings, [row + 1]);
    else numbers.push(row + 1);
  });
  return [...rows].flatMap(([warning, numbers]) => {
    const named = numbers.slice(0, ROWS_NAMED).map((n) => `#${n}`);
    const rest = numbers.length > ROWS_NAMED ? `, … (${numbers.length} in all)` : '';
    return [
      fit(`warning: ${warning}`, width),
      fit(`  ${numbers.length === 1 ? 'restore' : 'restores'} ${named.join(', ')}${rest}`, width),
    ];
  });
}
