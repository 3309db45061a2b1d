import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { StateMachine } from 'aws-local-stepfunctions';
import { distributedMap, type DistributedMapSpec } from '../../../../local/runner/distributed-map.js';
import { enforceStateLimits } from '../../../../local/runner/limits.js';
import type { AslDefinition, AslState } from '../../../../local/serverless-config.js';
import { folderRunFiles, type RunFiles } from '../../../../workflows/run-store.js';
import { filesBelow, tempDir } from '../../../integration/helpers.js';

const RUN = 'map-run-1';
const ARN = 'arn:aws:states:us-east-1:000000000000';
const TASK = 'arn:aws:lambda:us-east-1:000000000000:function:work';

/** A child that works on its item: odd items fail, an item "slow" waits a minute, "big" returns too much. */
const processor = (executionType: 'STANDARD' | 'EXPRESS'): AslDefinition =>
  ({
    ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType },
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: TASK, End: true } },
  }) as unknown as AslDefinition;

function mapState(
  overrides: Record<string, unknown>,
  executionType: 'STANDARD' | 'EXPRESS' = 'STANDARD',
): AslState {
  return {
    Type: 'Map',
    ItemReader: {
      Resource: 'arn:aws:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSON' },
      Parameters: { 'Bucket.$': '$.bucket', 'Key.$': '$.key' },
    },
    ItemSelector: { 'index.$': '$$.Map.Item.Index', 'item.$': '$$.Map.Item.Value', 'run.$': '$.run' },
    ItemProcessor: processor(executionType),
    ResultWriter: {
      Resource: 'arn:aws:states:::s3:putObject',
      Parameters: { 'Bucket.$': '$.bucket', 'Prefix.$': '$.results' },
    },
    ...overrides,
  };
}

interface Harness {
  readonly files: RunFiles;
  readonly dir: string;
  run(state: AslState, options?: { expressTimeoutMs?: number }): Promise<unknown>;
  /** Children running at once, at most. */
  readonly peak: () => number;
}

async function harness(items: unknown[]): Promise<Harness> {
  const dir = await tempDir('map');
  const files = folderRunFiles(dir, RUN);
  await files.putJson('items.json', items);
  let running = 0;
  let peak = 0;
  const work = async (input: unknown) => {
    const { index, item } = input as { index: number; item: unknown };
    running++;
    peak = Math.max(peak, running);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      if (item === 'slow') await new Promise((resolve) => setTimeout(resolve, 60_000).unref());
      if (item === 'big') return 'x'.repeat(300_000);
      if (typeof item === 'number' && item % 2 === 1)
        throw Object.assign(new Error(`item ${item} is odd`), { name: 'OddItem' });
      return { index, doubled: (item as number) * 2 };
    } finally {
      running--;
    }
  };
  return {
    files,
    dir,
    peak: () => peak,
    run: (state, options = {}) => {
      const spec: DistributedMapSpec = {
        name: 'Each',
        state,
        files,
        arnPrefix: ARN,
        stateMachineName: 'machine',
        start: (child, input, arn) =>
          new StateMachine(child as never, { validationOptions: { noValidate: true } }).run(input as never, {
            overrides: { taskResourceLocalHandlers: { Work: work as never } },
            context: { Execution: { Id: arn } } as never,
          }),
        expressTimeoutMs: options.expressTimeoutMs ?? 300_000,
      };
      return distributedMap(spec)({
        bucket: 'local',
        key: `runs/${RUN}/items.json`,
        results: `runs/${RUN}/results`,
        run: RUN,
      });
    },
  };
}

interface Manifest {
  MapRunArn: string;
  ResultFiles: Record<string, { Key: string; Size: number }[]>;
}

async function written(
  h: Harness,
  output: unknown,
): Promise<{ manifest: Manifest; entries: Record<string, Record<string, unknown>[]> }> {
  const key = (output as { ResultWriterDetails: { Key: string } }).ResultWriterDetails.Key;
  const manifest = JSON.parse(
    await readFile(join(h.dir, key.slice(`runs/${RUN}/`.length)), 'utf8'),
  ) as Manifest;
  const entries: Record<string, Record<string, unknown>[]> = {};
  for (const [section, list] of Object.entries(manifest.ResultFiles)) {
    entries[section] = [];
    for (const file of list) {
      const text = await readFile(join(h.dir, file.Key.slice(`runs/${RUN}/`.length)), 'utf8');
      expect(file.Size).to.equal(Buffer.byteLength(text));
      entries[section].push(...(JSON.parse(text) as Record<string, unknown>[]));
    }
  }
  return { manifest, entries };
}

describe('local/runner/distributed-map: a Distributed Map as AWS runs it', () => {
  before(() => enforceStateLimits());

  it('runs one child execution per item, MaxConcurrency at a time, and writes SUCCEEDED and FAILED entries in AWS layout', async () => {
    const h = await harness([0, 1, 2, 3, 4, 5, 6, 7]);
    const output = await h.run(mapState({ MaxConcurrency: 3, ToleratedFailurePercentage: 100 }));
    expect(h.peak()).to.equal(3);
    expect(output).to.have.keys('MapRunArn', 'ResultWriterDetails');
    const { manifest, entries } = await written(h, output);
    expect(manifest.MapRunArn).to.match(
      /^arn:aws:states:us-east-1:000000000000:mapRun:machine\/Each:[0-9a-f-]{36}$/,
    );
    expect(Object.keys(manifest.ResultFiles).sort()).to.deep.equal(['FAILED', 'PENDING', 'SUCCEEDED']);
    expect(manifest.ResultFiles.FAILED?.[0]?.Key).to.match(
      /^runs\/map-run-1\/results\/[0-9a-f-]{36}\/FAILED_0\.json$/,
    );
    expect(manifest.ResultFiles.PENDING).to.deep.equal([]);
    expect(entries.SUCCEEDED?.map((e) => JSON.parse(String(e.Output)))).to.deep.equal(
      [0, 2, 4, 6].map((i) => ({ index: i, doubled: i * 2 })),
    );
    const failed = entries.FAILED ?? [];
    expect(failed.map((e) => JSON.parse(String(e.Input)).item)).to.deep.equal([1, 3, 5, 7]);
    for (const entry of failed) {
      expect(entry).to.have.all.keys(
        'Cause',
        'Error',
        'ExecutionArn',
        'Input',
        'InputDetails',
        'Name',
        'RedriveCount',
        'RedriveStatus',
        'StartDate',
        'StateMachineArn',
        'Status',
        'StopDate',
      );
      expect(entry.Status).to.equal('FAILED');
      expect(entry.Error).to.equal('OddItem');
      expect(entry.ExecutionArn).to.match(/^arn:aws:states:us-east-1:000000000000:execution:machine\/Each:/);
    }
  });

  it('fails with States.ExceedToleratedFailureThreshold past the tolerance, once the results are written', async () => {
    const h = await harness([0, 2, 4, 1, 6, 8, 10, 12, 14, 16]);
    const error = (await h.run(mapState({ MaxConcurrency: 1 })).catch((e: unknown) => e)) as Error;
    expect(error.name).to.equal('States.ExceedToleratedFailureThreshold');
    expect(error.message).to.match(
      /^The specified tolerated failure threshold was exceeded: 1 of 10 child executions/,
    );
    // One at a time: the children after the failed one never started.
    const files = [...(await filesBelow(join(h.dir, 'results'))).entries()];
    const failedFile = files.find(([path]) => path.endsWith('FAILED_0.json'));
    const succeededFile = files.find(([path]) => path.endsWith('SUCCEEDED_0.json'));
    expect(JSON.parse(failedFile?.[1] ?? '[]')).to.have.length(1);
    expect(JSON.parse(succeededFile?.[1] ?? '[]')).to.have.length(3);

    const counted = await harness([1, 3, 0, 2]);
    const tolerated = await counted.run(mapState({ MaxConcurrency: 1, ToleratedFailureCount: 2 }));
    expect((await written(counted, tolerated)).entries.FAILED).to.have.length(2);
    const percent = await harness([1, 3, 0, 2]);
    const over = await percent
      .run(mapState({ MaxConcurrency: 1, ToleratedFailurePercentage: 25 }))
      .catch((e: Error) => e);
    expect((over as Error).name).to.equal('States.ExceedToleratedFailureThreshold');
  });

  it('cuts an EXPRESS child at its time limit: TIMED_OUT with States.Timeout; STANDARD children have none', async () => {
    const h = await harness([0, 'slow', 2]);
    const output = await h.run(mapState({ ToleratedFailurePercentage: 100 }, 'EXPRESS'), {
      expressTimeoutMs: 20,
    });
    const { entries } = await written(h, output);
    expect(entries.SUCCEEDED).to.have.length(2);
    expect(entries.FAILED?.map((e) => [e.Status, e.Error, e.Cause])).to.deep.equal([
      ['TIMED_OUT', 'States.Timeout', 'The Express execution ran longer than its limit of 5 minutes'],
    ]);
  });

  it('fails a child whose input or output is over the limit, not the map', async () => {
    const h = await harness(['big', 'y'.repeat(270_000), 0]);
    const output = await h.run(mapState({ ToleratedFailurePercentage: 100 }));
    const { entries } = await written(h, output);
    expect(entries.SUCCEEDED).to.have.length(1);
    const reasons = (entries.FAILED ?? []).map((e) => [
      e.Error,
      String(e.Cause).replace(/[\d,]+ bytes/, 'N bytes'),
    ]);
    expect(reasons).to.deep.equal([
      [
        'States.DataLimitExceeded',
        'the output of state Work is N bytes, over the Step Functions limit of 262,144 bytes',
      ],
      [
        'States.DataLimitExceeded',
        'the input of child execution 1 of Each is N bytes, over the Step Functions limit of 262,144 bytes',
      ],
    ]);
  });

  it('names an unreadable item file States.ItemReaderFailed', async () => {
    const h = await harness([]);
    const error = (await h
      .run(
        mapState({
          ItemReader: {
            ReaderConfig: { InputType: 'JSON' },
            Parameters: { Bucket: 'local', Key: `runs/${RUN}/none.json` },
          },
        }),
      )
      .catch((e: unknown) => e)) as Error;
    expect(error.name).to.equal('States.ItemReaderFailed');
    expect(error.message).to.contain('run file not found');
  });
});
