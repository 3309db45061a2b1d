import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { measureImport, sdkImports } from '../../bench/bundles.js';
import { runBenchmarks } from '../../bench/suite.js';
import { formatTable } from '../../bench/table.js';

/** `npm run bench` at tiny sizes, so that it never rots. Figures only: nothing here asserts a timing. */
describe('bench smoke (tiny sizes; asserts that figures come out, never what they are)', function () {
  this.timeout(60_000);

  it('B1/B2/B7, B3, B5 and B6 run end to end and print numeric figures in the summary table', async () => {
    const printed: string[] = [];
    const rows = await runBenchmarks({
      startN: 20,
      startConcurrencies: [1000],
      piecesN: 20,
      dryRunN: 20,
      dryRunInChild: false,
      costStage: 'local',
      restoreHours: 1 / 60,
      importRuns: 1,
      diagnostics: false,
      only: new Set(['B1', 'B3', 'B5', 'B6']),
      print: (text) => printed.push(text),
    });
    expect(rows.map((r) => r.id)).to.deep.equal([
      'B1',
      'B1',
      'B2',
      'B7',
      'B3',
      'B3',
      'B5',
      'B5',
      'B6',
      'B6',
      'B6',
    ]);
    for (const row of rows) {
      expect(row.measured, row.figure).to.match(/\d/);
      expect(row.measured, row.figure).not.to.match(/NaN|Infinity|undefined/);
    }
    expect(printed.join('\n')).not.to.match(/NaN|Infinity|undefined/);
    const table = formatTable(rows);
    expect(table.split('\n')).to.have.length(rows.length + 2);
  });

  it('B4: times an import in a fresh Node process and finds the @aws-sdk imports of a bundle', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbr-bench-smoke-'));
    try {
      const file = join(dir, 'tiny.mjs');
      await writeFile(file, 'export const answer = 42;\n');
      const timing = await measureImport(file, { runs: 1 });
      expect(timing.runsMs).to.have.length(1);
      expect(Number.isFinite(timing.medianMs)).to.equal(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const bundle =
      'import{GetObjectCommand as a,S3Client as b}from"@aws-sdk/client-s3";' +
      'import{SecretsManagerClient as c}from"@aws-sdk/client-secrets-manager";';
    expect(
      Object.fromEntries([...sdkImports(bundle)].map(([pkg, names]) => [pkg, [...names]])),
    ).to.deep.equal({
      '@aws-sdk/client-s3': ['GetObjectCommand', 'S3Client'],
      '@aws-sdk/client-secrets-manager': ['SecretsManagerClient'],
    });
  });
});
