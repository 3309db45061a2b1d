/**
 * `npm run bench`: the benchmarks of issue 7 against the bundled Clumio simulator. Prints each benchmark's
 * figures, then one table of target / measured / met or missed. Asserts nothing.
 *
 *   npm run bench                  the targets' sizes (B1/B2 N = 1,000; B5 N = 10,000): a few minutes
 *   npm run bench -- --quick       small sizes (or BENCH_QUICK=1); size-bound targets show n/a
 *   npm run bench -- --only B3,B4  a subset (B1 and B2 are one run)
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { FULL, QUICK, runBenchmarks } from './suite.js';
import { formatTable } from './table.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean' }, only: { type: 'string' } },
  strict: true,
});
const quick = values.quick === true || process.env.BENCH_QUICK === '1';
const print = (text: string): void => void process.stdout.write(`${text}\n`);
const started = performance.now();
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
print(`clumio-bulk-restore benchmarks${quick ? ' (--quick: small sizes)' : ''}`);
print(`${availableParallelism()} cores, load average ${load()}, Node ${process.version}`);
const rows = await runBenchmarks({
  ...(quick ? QUICK : FULL),
  only: new Set(
    (values.only ?? '')
      .split(',')
      .filter(Boolean)
      .map((id) => id.trim().toUpperCase()),
  ),
  print,
});
const seconds = ((performance.now() - started) / 1000).toFixed(0);
print(`\n## Summary (${seconds} s, load average ${load()}; KB = 1,000 bytes, MB = 1,000,000 bytes)\n`);
print(formatTable(rows));
if (rows.some((r) => r.result === 'n/a')) {
  print('\nn/a: this run was not at the size the target names (--quick).');
}
