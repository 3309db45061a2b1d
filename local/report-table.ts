import type { Report, ReportEntry } from '../workflows/report.js';
import { plural } from './terminal.js';
import { wrap } from './options.js';

/** The terminal presentation of a report: the counts line and a table that fits the terminal. */

/**
 * "12 restores: 10 completed, 1 failed, 1 unknown; 1 without a backup; 1 group matched nothing" (zero
 * counts left out).
 */
export function countsLine(report: Report): string {
  const { counts } = report;
  const restores = plural(counts.planned, 'restore');
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
  const tail = [
    counts.no_backup > 0 ? `${counts.no_backup} without a backup` : undefined,
    counts.no_match > 0 ? `${plural(counts.no_match, 'group')} matched nothing` : undefined,
    counts.not_planned > 0
      ? `${plural(counts.not_planned, 'group')} ${report.dryRun ? 'cannot be planned' : 'not planned'}`
      : undefined,
  ].filter((part) => part !== undefined);
  return [head, ...tail].join('; ');
}

type ColumnName = 'row' | 'type' | 'source' | 'from' | 'backup' | 'target' | 'status' | 'task' | 'error';

/** `111111111111/us-east-1`; a protection group's buckets in several: `2 accounts/3 regions`. */
function place(account: string | null, region: string | null): string {
  const many = (value: string | null, what: string): string | null => {
    const count = value?.split(', ').length ?? 0;
    return count > 1 ? `${count} ${what}` : value;
  };
  return [many(account, 'accounts'), many(region, 'regions')].filter((part) => part !== null).join('/');
}

/** What a row restores from: the AWS id or name, else the Clumio id, else (a whole group) its path. */
function sourceOf(e: ReportEntry): string {
  return e.sourceResourceNativeId ?? e.sourceResourceId ?? `RestoreGroups[${e.groupIndex}]`;
}

const columns: readonly {
  readonly name: ColumnName;
  readonly header: string;
  readonly cell: (entry: ReportEntry, row: number) => string;
}[] = [
  // Human output counts from 1; report.json's groupIndex stays 0-based.
  { name: 'row', header: '#', cell: (_, row) => String(row + 1) },
  { name: 'type', header: 'type', cell: (e) => e.resourceType },
  { name: 'source', header: 'source', cell: sourceOf },
  { name: 'from', header: 'from', cell: (e) => place(e.sourceAccount, e.sourceRegion) || '-' },
  {
    name: 'backup',
    header: 'backup time',
    // A point-in-time restore has no backup: the moment restored, marked as such.
    cell: (e) =>
      e.restoreFrom === 'point_in_time'
        ? `${e.restorePoint ?? 'latest'} (point in time)`
        : (e.backupTimestamp ?? '-'),
  },
  { name: 'target', header: 'target', cell: (e) => place(e.targetAccount, e.targetRegion) || '-' },
  { name: 'status', header: 'status', cell: (e) => e.status },
  { name: 'task', header: 'task', cell: (e) => e.taskId ?? '-' },
  { name: 'error', header: 'error', cell: (e) => e.error ?? '' },
];

/** Columns left out, in this order, while the table is wider than the terminal. Ids never are, nor cut. */
const dropOrder: readonly ColumnName[] = ['backup', 'from', 'target', 'type'];
const gap = '  ';

/**
 * A table for a terminal `width` columns wide (default: no limit, as off a terminal): one line per report
 * entry, then the counts line. Nothing is ever cut: when the table is too wide, errors move under their
 * row, wrapped, and then the less important columns are left out (named under the table); identifiers
 * (row, source, status, task) stay whole even if a line must then be longer than `width`.
 */
export function reportTable(report: Report, width = Number.POSITIVE_INFINITY): string {
  // One line per cell: a multi-line Clumio message must not break the table.
  const rows = report.restores.map((entry, row) =>
    columns.map((column) => column.cell(entry, row).replace(/\s+/g, ' ').trim()),
  );
  // reduce, not Math.max(...): a spread of many thousand rows would overflow the call stack.
  const widths = columns.map((column, i) =>
    rows.reduce((w, cells) => Math.max(w, cells[i]?.length ?? 0), column.header.length),
  );
  const index = (name: ColumnName): number => columns.findIndex((c) => c.name === name);
  const lineWidth = (shown: readonly number[]): number =>
    shown.reduce((sum, i) => sum + (widths[i] ?? 0), 0) + gap.length * (shown.length - 1);

  let shown = columns.map((_, i) => i);
  let errorsBelow = false;
  if (lineWidth(shown) > width) {
    errorsBelow = true;
    shown = shown.filter((i) => i !== index('error'));
  }
  const dropped: string[] = [];
  for (const name of dropOrder) {
    if (lineWidth(shown) <= width) break;
    shown = shown.filter((i) => i !== index(name));
    dropped.push(columns[index(name)]?.header ?? name);
  }

  const line = (cells: readonly string[]): string =>
    shown
      .map((i) => (cells[i] ?? '').padEnd(widths[i] ?? 0))
      .join(gap)
      .trimEnd();
  const indent = (widths[index('row')] ?? 1) + gap.length;
  const errorLines = (cells: readonly string[]): string[] => {
    const error = cells[index('error')] ?? '';
    if (!errorsBelow || error === '') return [];
    return wrap(error, Math.max(20, width - indent)).map((l) => ' '.repeat(indent) + l);
  };
  const table =
    rows.length > 0
      ? [line(columns.map((c) => c.header)), ...rows.flatMap((cells) => [line(cells), ...errorLines(cells)])]
      : [];
  const note =
    dropped.length > 0
      ? wrap(`(not shown at this width: ${dropped.join(', ')}; report.csv has every column)`, width)
      : [];
  const counts = Number.isFinite(width) ? wrap(countsLine(report), width) : [countsLine(report)];
  return [...table, ...note, ...counts, ...warningLines(report, width)].join('\n');
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
      ...fitted(`warning: ${warning}`, width),
      ...fitted(`  ${numbers.length === 1 ? 'restore' : 'restores'} ${named.join(', ')}${rest}`, width),
    ];
  });
}

/** A line wrapped at spaces to `width` (its indent kept, continued deeper), whole off a terminal: never cut. */
function fitted(text: string, width: number): string[] {
  if (!Number.isFinite(width)) return [text];
  const indent = /^ */.exec(text)?.[0] ?? '';
  return wrap(text, width - indent.length - 2).map((line, i) => `${indent}${i === 0 ? '' : '  '}${line}`);
}
