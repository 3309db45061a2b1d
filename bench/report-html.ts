/**
 * `npx tsx bench/report-html.ts [N]`: report.html for N synthetic restores (default 1,000): its size, the
 * time to render it, and how long headless Chromium (the Debian package, as the browser test uses it)
 * takes to load it and take the first 1366×768 screenshot. Prints figures; asserts nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderReportHtml, type EntryView, type ReportView } from '../workflows/report-html.js';
import { launchChromium, viewport } from '../local/docs/report-page.js';

const n = Number(process.argv[2] ?? 1000);
const types = ['EBS', 'EC2', 'RDS', 'DynamoDB', 'ProtectionGroup'];
const start = Date.parse('2026-12-01T10:00:00Z');

/** The report as it will soon look: per-restore start and end, a target name, a few failures with long reasons. */
function synthetic(withTimes: boolean): ReportView {
  const restores: EntryView[] = Array.from({ length: n }, (_, i) => {
    const status =
      i % 50 === 7 ? 'failed' : i % 97 === 3 ? 'timed_out' : i % 211 === 5 ? 'unknown' : 'completed';
    // 100 at a time, 5 to 45 minutes each: what one run with the default concurrency looks like.
    const begins = start + Math.floor(i / 100) * 20 * 60_000 + (i % 100) * 3_000;
    const ends = begins + (5 + ((i * 7919) % 41)) * 60_000;
    return {
      groupIndex: Math.floor(i / 40),
      resourceType: types[i % types.length] ?? 'EBS',
      sourceAccount: `11111111111${i % 3}`,
      sourceRegion: ['us-east-1', 'us-west-2', 'eu-west-1'][i % 3] ?? 'us-east-1',
      sourceResourceId: `0f3c${String(i).padStart(4, '0')}-8f2f-4cfc-840b-d48858c40716`,
      sourceResourceNativeId: `vol-${(i * 2654435761).toString(16).padStart(17, '0').slice(0, 17)}`,
      backupId: `b${String(i).padStart(7, '0')}-f321-44d6-91c3-30f72553ad83`,
      backupTimestamp: new Date(start - (i % 24) * 3_600_000).toISOString().replace('.000', ''),
      targetAccount: '222222222222',
      targetRegion: 'us-east-1',
      taskId: String(100_000 + i),
      status,
      error:
        status === 'completed'
          ? null
          : `Clumio task ${100_000 + i} ended ${status}: the target volume quota for gp3 in us-east-1 is exhausted (requested 500 GiB, 120 GiB left)`,
      ...(withTimes
        ? {
            startedAt: new Date(begins).toISOString(),
            endedAt: new Date(ends).toISOString(),
            targetName: `restored-${i}`,
          }
        : {}),
    };
  });
  const count = (s: string): number => restores.filter((r) => r.status === s).length;
  return {
    version: '0.1.0',
    runId: '20261201T100000Z-bench1',
    dryRun: false,
    startedAt: new Date(start - 60_000).toISOString(),
    finishedAt: new Date(start + 4 * 3_600_000).toISOString(),
    counts: {
      planned: n,
      completed: count('completed'),
      failed: count('failed'),
      timed_out: count('timed_out'),
      unknown: count('unknown'),
      no_backup: 0,
    },
    restores,
  };
}

const dir = await mkdtemp(join(tmpdir(), 'cbr-bench-html-'));
const browser = await launchChromium();
try {
  for (const withTimes of [true, false]) {
    const view = synthetic(withTimes);
    const t0 = performance.now();
    const page = renderReportHtml(view);
    const renderMs = performance.now() - t0;
    const file = join(dir, `report-${withTimes ? 'timed' : 'untimed'}.html`);
    await writeFile(file, page);
    const bytes = Buffer.byteLength(page);
    const tab = await browser.newPage({ viewport });
    const t1 = performance.now();
    await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const gotoMs = performance.now() - t1;
    const loadEventMs = await tab.evaluate(
      "performance.getEntriesByType('navigation')[0].loadEventEnd - performance.getEntriesByType('navigation')[0].startTime",
    );
    const t2 = performance.now();
    await tab.screenshot({ path: join(dir, 'shot.png') });
    const shotMs = performance.now() - t2;
    const bars = await tab.locator('#timeline rect[data-restore]').count();
    const rows = await tab.locator('#restores tbody tr').count();
    await tab.close();
    process.stdout.write(
      `${n} restores, ${withTimes ? 'with per-restore times' : 'without per-restore times (bars on the run times)'}: ` +
        `report.html ${(bytes / 1e6).toFixed(2)} MB (${(bytes / 1e3 / n).toFixed(2)} KB a restore, ` +
        `${(Buffer.byteLength(JSON.stringify(view)) / 1e6).toFixed(2)} MB as JSON); rendered in ${renderMs.toFixed(0)} ms; ` +
        `Chromium: load event ${Number(loadEventMs).toFixed(0)} ms after navigation start ` +
        `(goto ${gotoMs.toFixed(0)} ms), first screenshot ${shotMs.toFixed(0)} ms; ${bars} bars, ${rows} rows\n`,
    );
  }
} finally {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
}
