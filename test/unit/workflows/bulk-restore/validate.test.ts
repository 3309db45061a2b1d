import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { ClumioNetworkError } from '../../../../clumio/index.js';
import { InvalidInput } from '../../../../workflows/errors.js';
import { folderRunFiles, folderStoreObjects } from '../../../../workflows/run-store.js';
import { validateRun } from '../../../../workflows/bulk-restore/validate.js';
import { filesBelow, tempDir } from '../../../integration/helpers.js';
import { simulatorBench } from './fixtures.js';

describe('workflows/bulk-restore/validate', () => {
  const bench = simulatorBench('validate');
  const { newClient } = bench;
  const run = {
    runId: 'validate-1',
    startedAt: '2026-01-01T00:00:00Z',
    defaultMaxRestores: 10,
    inLambda: false,
  };
  const input = {
    RestoreGroups: [
      {
        ResourceType: 'EBS',
        source_account: '111111111111',
        source_region: 'us-east-1',
        target_az: 'us-east-1a',
      },
    ],
  };

  it('an invalid input fails before any Clumio client is even made', async () => {
    const dir = await tempDir('validate');
    let asked = 0;
    const error = await validateRun(
      { RestoreGroups: [] },
      run,
      folderRunFiles(dir, run.runId),
      () => {
        asked++;
        return newClient();
      },
      () => folderStoreObjects(dir),
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidInput);
    expect(asked).to.equal(0);
    expect((await filesBelow(dir)).size).to.equal(0);
  });

  it('checks access with one request before it keeps the input; a failed check leaves nothing behind', async () => {
    const { sim } = bench;
    const dir = await tempDir('validate');
    const state = await validateRun(
      input,
      run,
      folderRunFiles(dir, run.runId),
      () => newClient(),
      () => folderStoreObjects(dir),
    );
    expect(state.groupCount).to.equal(1);
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
      'GET /datasources/aws/environments',
    ]);
    expect([...(await filesBelow(dir)).keys()]).to.deep.equal([join(dir, 'input.json')]);

    const empty = await tempDir('validate');
    sim.script({ method: 'GET', kind: 'reset', times: 2 });
    const error = await validateRun(
      input,
      run,
      folderRunFiles(empty, run.runId),
      () => newClient(),
      () => folderStoreObjects(empty),
    ).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ClumioNetworkError);
    expect((await filesBelow(empty)).size).to.equal(0);
  });

  it("reads a document passed by reference (input_key) from the run store, with the reference's dry_run", async () => {
    const root = await tempDir('validate-store');
    const objects = folderStoreObjects(root);
    await objects.putText('inputs/big.json', JSON.stringify(input), 'application/json');
    const dir = join(root, 'runs', run.runId);
    const state = await validateRun(
      { input_key: 'inputs/big.json', dry_run: true },
      run,
      folderRunFiles(dir, run.runId),
      () => newClient(),
      () => objects,
    );
    expect(state.groupCount).to.equal(1);
    expect(state.dryRun).to.equal(true);
    const kept = JSON.parse(await readFile(join(dir, 'input.json'), 'utf8')) as { groups: unknown[] };
    expect(kept.groups).to.have.length(1);
  });

  it('a reference that cannot be followed is InvalidInput naming input_key, before any Clumio client', async () => {
    const root = await tempDir('validate-store');
    const objects = folderStoreObjects(root);
    await objects.putText('inputs/broken.json', '{"RestoreGroups": [', 'application/json');
    const cases: [unknown, string][] = [
      [
        { input_key: 'inputs/missing.json' },
        `input_key: no such document: ${join(root, 'inputs', 'missing.json')}`,
      ],
      [
        { input_key: 'runs/x/plan.json' },
        'input_key: expected a key under inputs/ or a bulkList document (runs/<run id>/restore-input.json), got "runs/x/plan.json"',
      ],
      [{ input_key: 'inputs/../secret.json' }, 'input_key: expected a key under inputs/'],
      [{ input_key: 42 }, 'input_key: expected a key of the run store, got 42'],
      [
        { input_key: 'inputs/a.json', RestoreGroups: [] },
        'RestoreGroups: not allowed next to input_key (the document holds everything else; only dry_run, base_url, skip_unplannable_groups may be set here)',
      ],
      [
        { input_key: 'inputs/broken.json' },
        `input_key: ${join(root, 'inputs', 'broken.json')}:1:20: invalid JSON:`,
      ],
    ];
    for (const [reference, message] of cases) {
      let asked = 0;
      const error = await validateRun(
        reference,
        run,
        folderRunFiles(join(root, 'runs', run.runId), run.runId),
        () => {
          asked++;
          return newClient();
        },
        () => objects,
      ).catch((e: unknown) => e);
      expect(error, message).to.be.instanceOf(InvalidInput);
      expect((error as Error).message).to.contain(message);
      expect(asked).to.equal(0);
    }
    expect(await filesBelow(join(root, 'runs'))).to.have.property('size', 0);
  });
});
