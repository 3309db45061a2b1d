import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';

import { reportCsv, type Report } from '../../../../workflows/report.js';
import { main } from '../../../../local/cli.js';
import { captureIO, tempDir } from '../../../integration/helpers.js';

const run: Report = {
  version: '0.1.0',
  runId: 'run-report-cmd',
  dryRun: false,
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '2026-12-01T10:05:00.000Z',
  counts: {
    planned: 1,
    completed: 0,
    failed: 1,
    timed_out: 0,
    unknown: 0,
    no_backup: 0,
    no_match: 0,
    not_planned: 0,
  },
  restores: [
    {
      groupIndex: 0,
      resourceType: 'EBS',
      sourceAccount: '111111111111',
      sourceRegion: 'us-east-1',
      sourceResourceId: 'asset-1',
      sourceResourceNativeId: 'vol-<b>bold</b>',
      backupId: 'bk-1',
      backupTimestamp: '2026-11-30T01:00:00Z',
      targetAccount: '222222222222',
      targetRegion: 'us-east-1',
      taskId: '1001',
      status: 'failed',
      error: 'task failed: "quota, exceeded"',
      warnings: null,
      runId: 'run-report-cmd',
      startedAt: '2026-12-01T10:00:10Z',
      endedAt: '2026-12-01T10:04:00Z',
      targetZone: 'us-east-1a',
      targetName: null,
      targetBucket: null,
      targetPrefix: null,
      restoreFrom: 'backup',
      restorePoint: '2026-11-30T01:00:00Z',
    },
  ],
};

async function runFolder(report: unknown = run): Promise<string> {
  const dir = await tempDir('report-cmd');
  await writeFile(join(dir, 'report.json'), typeof report === 'string' ? report : JSON.stringify(report));
  return dir;
}

describe('local/commands/report', () => {
  it("rewrites report.html and report.csv from the folder's report.json and says where they are", async () => {
    const dir = await runFolder();
    await writeFile(join(dir, 'input.json'), '{}');
    const io = captureIO({});
    expect(await main(['report', dir], io)).to.equal(0);
    expect(io.out()).to.equal(`report: ${join(dir, 'report.html')}\n        ${join(dir, 'report.csv')}\n`);
    expect(await readFile(join(dir, 'report.csv'), 'utf8')).to.equal(reportCsv(run));
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html).to.contain('<dd id="run-id">run-report-cmd</dd>');
    expect(html).to.contain(`<dd id="input-source">${join(dir, 'input.json')}</dd>`);
    expect(html).to.contain('vol-&lt;b&gt;bold&lt;/b&gt;');
    expect(html).to.contain('task failed: &quot;quota, exceeded&quot;');
    expect(await readFile(join(dir, 'report.json'), 'utf8')).to.equal(JSON.stringify(run));
  });

  it('usage errors exit 2 with the usage line', async () => {
    for (const args of [[], ['a', 'b'], ['--bogus', 'a']]) {
      const io = captureIO({});
      expect(await main(['report', ...args], io), args.join(' ')).to.equal(2);
      expect(io.err()).to.contain('usage: clumio-bulk-restore report [options] RUN_FOLDER\n');
    }
    const help = captureIO({});
    expect(await main(['report', '--help'], help)).to.equal(0);
    expect(help.out()).to.match(/^usage: clumio-bulk-restore report \[options\] RUN_FOLDER\n/);
    expect(help.out()).to.contain('--open');
  });

  it('a folder without report.json, or with one that is not a run report, exits 2 and says why', async () => {
    const empty = await tempDir('report-cmd');
    const io = captureIO({});
    expect(await main(['report', empty], io)).to.equal(2);
    expect(io.err()).to.equal(
      `clumio-bulk-restore report: no report.json in ${empty}: is it a run folder (restore --out DIR, or runs/<run-id>/)?\n`,
    );

    const broken = await runFolder('{"runId": ');
    const brokenIO = captureIO({});
    expect(await main(['report', broken], brokenIO)).to.equal(2);
    expect(brokenIO.err()).to.match(new RegExp(`^${join(broken, 'report.json')}:1:\\d+: invalid JSON: `));

    const other = await runFolder({ hello: 'world' });
    const otherIO = captureIO({});
    expect(await main(['report', other], otherIO)).to.equal(2);
    expect(otherIO.err()).to.equal(
      `clumio-bulk-restore report: ${join(other, 'report.json')} is not a run report (no runId or restores)\n`,
    );
  });

  it('--open hands the page to the platform opener found on PATH (xdg-open: CI runs on Linux)', async () => {
    const dir = await runFolder();
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const opened = join(dir, 'opened.txt');
    await writeFile(
      join(bin, 'xdg-open'),
      `#!/bin/sh\nprintf '%s' "$1" > '${opened}.tmp' && mv '${opened}.tmp' '${opened}'\n`,
    );
    await chmod(join(bin, 'xdg-open'), 0o755);
    const io = captureIO({ PATH: `${bin}:/usr/bin:/bin` });
    expect(await main(['report', dir, '--open'], io)).to.equal(0);
    // The opener runs detached (a browser may stay open): wait for what it wrote.
    let text: string | undefined;
    for (let i = 0; i < 200 && text === undefined; i++) {
      text = await readFile(opened, 'utf8').catch(() => undefined);
      if (text === undefined) await sleep(25);
    }
    expect(text).to.equal(join(dir, 'report.html'));
  });

  it('--open without an opener prints the path to open', async () => {
    const dir = await runFolder();
    const io = captureIO({ PATH: join(dir, 'no-such-bin') });
    expect(await main(['report', '--open', dir], io)).to.equal(0);
    expect(io.out()).to.contain(
      `no browser opener here (xdg-open, open or start): open ${join(dir, 'report.html')}\n`,
    );
  });
});
