/** The summary table of `npm run bench`: one row per target, with what was measured. Nothing is asserted. */

export interface Row {
  readonly id: string;
  readonly figure: string;
  readonly target: string;
  readonly measured: string;
  /** n/a: the run was not at the target's size (--quick); —: a figure without a target. */
  readonly result: 'met' | 'missed' | 'n/a' | '—';
}

export function judge(value: number, limit: number, atTargetSize = true): Row['result'] {
  if (!atTargetSize) return 'n/a';
  return value <= limit ? 'met' : 'missed';
}

/** A plain-text table, columns padded to their widest cell. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['', 'figure', 'target', 'measured', 'result'];
  const cells = [header, ...rows.map((r) => [r.id, r.figure, r.target, r.measured, r.result])];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** 1234.5 → "1,234.5"; digits after the point as asked. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function dollars(value: number, digits = 4): string {
  return `$${value.toFixed(digits)}`;
}

/** Bytes in KB (1 KB = 1,000 bytes, the stricter reading of the targets). */
export function kb(bytes: number, digits = 1): string {
  return `${num(bytes / 1000, digits)} KB`;
}

/** Bytes in MB (1 MB = 1,000,000 bytes). */
export function mb(bytes: number): string {
  return `${num(bytes / 1e6, 0)} MB`;
}
