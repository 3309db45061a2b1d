import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { expect } from 'chai';
import { clearTokenCache } from '../../clumio/index.js';
import { main } from '../../local/cli.js';
import { restoreDeployed } from '../../local/deployed/commands.js';
import { projectRoot } from '../../local/serverless-config.js';
import { startSimulator, type RunningSimulator } from '../../local/simulator/index.js';
import type { RestoreRecord } from '../../core/records.js';
import type { Report } from '../../workflows/report.js';
import { fakeAws, RESTORE_MACHINE, LIST_MACHINE, BUCKET, SECRET, type FakeAws } from './fake-aws.js';
import { captureIO, loadGroupInput, tempDir } from './helpers.js';

const TOKEN = 'deployed-token-7d2e9a41b6c3f850';

async function json<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** The run id of the one restore execution started since `from` calls. */
function startedRunId(aws: FakeAws, nth: number): string {
  const call = aws.sfn.commandCalls(StartExecutionCommand)[nth];
  if (call === undefined) throw new Error(`no StartExecution #${nth}`);
  return call.args[0].input.name ?? '';
}

describe('integration: --stage (the deployed stack through AWS SDK clients; the run itself is the real ASL)', function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  let aws: FakeAws;
  let dir: string;
  let version: string;
  /** What a user's shell has: no Clumio token; the commands read the stack's secret when they need one. */
  const env = { POWERTOOLS_LOG_LEVEL: 'SILENT' };
  const io = () => ({ ...captureIO(env), awsClients: aws.factory });

  beforeEach(async () => {
    clearTokenCache();
    sim = await startSimulator({
      token: TOKEN,
      taskSeconds: 0,
      rateLimitPerSecond: false,
      scale: { taggedVolumes: 8 },
    });
    dir = await tempDir('deployed');
    version = (await readFile(join(projectRoot, 'VERSION'), 'utf8')).trim();
    aws = fakeAws({
      bucketRoot: join(dir, 'bucket'),
      clumioUrl: sim.url,
      clumioToken: TOKEN,
      version,
      waitMs: 10,
    });
  });
  afterEach(async () => {
    await aws.settled();
    await sim.close();
  });

  it('restore: uploads the input without its token, starts the execution named after the run, follows it to the end and downloads the reports; rerun sends exactly the failed requests again', async () => {
    const failing = sim.dataset.volumes.filter((v) => v.tags.some((t) => t.key === 'Bulk')).slice(0, 2);
    for (const volume of failing) sim.setTaskOutcome(volume.volume_native_id, 'failed');
    const inputFile = join(dir, 'input.json');
    await writeFile(
      inputFile,
      JSON.stringify({ ...loadGroupInput(8), clumio_token: 'do-not-upload-this-token-123' }),
    );
    const out = join(dir, 'out');
    const first = io();
    const code = await main(
      ['restore', '--input', inputFile, '--stage', 'dev', '--out', out, '--poll-interval', '0.05'],
      first,
    );
    expect(code, first.err()).to.equal(1);
    expect(aws.regions).to.deep.equal(['us-east-1']);

    const runId = startedRunId(aws, 0);
    const put = aws.s3
      .commandCalls(PutObjectCommand)
      .find((c) => c.args[0].input.Key === `inputs/${runId}.json`);
    expect(put?.args[0].input).to.deep.include({ Bucket: BUCKET, ContentType: 'application/json' });
    expect(JSON.parse(String(put?.args[0].input.Body))).to.deep.equal(loadGroupInput(8));
    expect(first.err()).to.contain('clumio_token: not uploaded');
    expect(aws.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input).to.deep.equal({
      stateMachineArn: RESTORE_MACHINE,
      name: runId,
      input: JSON.stringify({ input_key: `inputs/${runId}.json` }),
    });
    expect(aws.sfn.commandCalls(DescribeExecutionCommand).length).to.be.greaterThan(0);
    expect(first.out()).to.contain(
      `run ${runId} started on clumio-bulk-restore-dev (us-east-1): ${RESTORE_MACHINE.replace(':stateMachine:', ':execution:')}:${runId}`,
    );
    expect(first.out()).to.match(/^RUNNING: (planning|planned 8 restores)/m);
    expect(first.out()).to.contain('8 restores: 6 completed, 2 failed');
    expect(first.err()).to.contain(`run ${runId} failed: RestoresFailed`);
    const report = await json<Report>(join(out, 'report.json'));
    expect(report.runId).to.equal(runId);
    expect(report.counts).to.include({ planned: 8, completed: 6, failed: 2 });
    expect(await readFile(join(out, 'report.csv'), 'utf8')).to.equal(
      await readFile(join(aws.bucketRoot, 'runs', runId, 'report.csv'), 'utf8'),
    );
    expect(await readFile(join(out, 'report.html'), 'utf8')).to.contain('<html');

    // status of the ended run: the execution's status and its table; nothing left to read in Clumio.
    sim.clearRequests();
    const status = io();
    expect(await main(['status', runId, '--stage', 'dev'], status)).to.equal(1);
    expect(status.out()).to.contain(`run ${runId} on clumio-bulk-restore-dev (us-east-1): execution FAILED`);
    expect(status.out()).to.contain(
      `run the 2 failed or timed out again: clumio-bulk-restore rerun ${runId} --stage dev --region us-east-1`,
    );
    expect(sim.count()).to.equal(0);

    for (const volume of failing) sim.setTaskOutcome(volume.volume_native_id, 'completed');
    sim.clearRequests();
    const plan = await json<RestoreRecord[]>(join(aws.bucketRoot, 'runs', runId, 'plan.json'));
    const failed = plan
      .map((r, i) => [r, i] as const)
      .filter(([r]) => failing.some((v) => v.volume_native_id === r.source.resourceNativeId));
    const again = io();
    const rerunOut = join(dir, 'rerun');
    expect(
      await main(['rerun', out, '--stage', 'dev', '--out', rerunOut, '--poll-interval', '0.05'], again),
      again.err(),
    ).to.equal(0);
    const rerunId = startedRunId(aws, 1);
    expect(
      JSON.parse(await readFile(join(aws.bucketRoot, 'inputs', `${rerunId}.json`), 'utf8')),
    ).to.deep.equal({
      rerun_of: { run_id: runId, restores: failed.map(([, i]) => i) },
    });
    expect(await json(join(aws.bucketRoot, 'runs', rerunId, 'rerun-records.json'))).to.deep.equal(
      failed.map(([r]) => r),
    );
    expect(sim.requests.filter((r) => r.method === 'POST').map((r) => r.body)).to.have.deep.members(
      failed.map(([r]) => r.request.body),
    );
    const rerunReport = await json<Report>(join(rerunOut, 'report.json'));
    expect(rerunReport.rerunOf).to.deep.equal({ runId, restores: failed.map(([, i]) => i) });
    expect(rerunReport.counts).to.include({ planned: 2, completed: 2 });
  });

  it('Ctrl-C detaches and names the command that re-attaches; status reads the journal and Clumio; abort stops the execution and aborts its tasks', async () => {
    for (const volume of sim.dataset.volumes) sim.setTaskOutcome(volume.volume_native_id, 'never');
    // The execution waits a minute between polls: every task read the simulator sees is the CLI's.
    aws = fakeAws({
      bucketRoot: join(dir, 'bucket'),
      clumioUrl: sim.url,
      clumioToken: TOKEN,
      version,
      waitMs: 60_000,
    });
    const inputFile = join(dir, 'input.json');
    await writeFile(inputFile, JSON.stringify(loadGroupInput(8)));
    const detach = new AbortController();
    const following = io();
    const done = restoreDeployed(
      { inputFile, target: { stage: 'dev' }, out: join(dir, 'out'), pollMs: 50 },
      following,
      detach.signal,
    );
    const started = async (): Promise<number> => {
      const listed = aws.s3.commandCalls(PutObjectCommand).length;
      return listed > 0 ? sim.restores().length : 0;
    };
    while ((await started()) < 8) await sleep(20);
    // The 8 tasks are journaled right after Clumio accepts them; give the last write its moment.
    await sleep(300);
    detach.abort();
    expect(await done).to.equal(130);
    const runId = startedRunId(aws, 0);
    expect(following.out()).to.contain(`detached: run ${runId} goes on in AWS (clumio-bulk-restore-dev)`);
    expect(following.out()).to.contain(
      `clumio-bulk-restore status ${runId} --stage dev --region us-east-1 --follow`,
    );
    expect(following.out()).to.contain(`clumio-bulk-restore abort ${runId} --stage dev --region us-east-1`);
    expect(aws.sfn.commandCalls(StopExecutionCommand)).to.have.length(0);

    sim.clearRequests();
    const status = io();
    expect(await main(['status', runId, '--stage', 'dev'], status), status.err()).to.equal(1);
    expect(status.out()).to.contain('execution RUNNING');
    expect(status.out()).to.contain('8 restores: 8 running');
    // No CLUMIO_TOKEN in the shell: the token is the stack's secret, read with the operator's credentials.
    expect(aws.secretsManager.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).to.deep.equal([
      { SecretId: SECRET },
    ]);
    expect(sim.requests.map((r) => `${r.method} ${r.path.replace(/\d+$/, 'N')}`)).to.deep.equal(
      Array(8).fill('GET /tasks/N'),
    );
    expect(
      aws.s3.commandCalls(GetObjectCommand).some((c) => c.args[0].input.Key === `runs/${runId}/tasks/0.json`),
    ).to.equal(true);

    sim.clearRequests();
    const abort = io();
    const out = join(dir, 'aborted');
    expect(
      await main(['abort', runId, '--stage', 'dev', '--yes', '--out', out], abort),
      abort.err(),
    ).to.equal(0);
    expect(aws.sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).to.deep.equal({
      executionArn: `${RESTORE_MACHINE.replace(':stateMachine:', ':execution:')}:${runId}`,
      error: 'Aborted',
      cause: 'clumio-bulk-restore abort: its Clumio tasks were aborted',
    });
    const patches = sim.requests.filter((r) => r.method === 'PATCH');
    expect(patches).to.have.length(8);
    expect(
      patches.every((r) => r.status === 200 && JSON.stringify(r.body) === '{"status":"aborting"}'),
    ).to.equal(true);
    expect(sim.count({ method: 'POST' })).to.equal(0);
    for (const where of [join(out, 'report.json'), join(aws.bucketRoot, 'runs', runId, 'report.json')]) {
      expect((await json<Report>(where)).counts).to.include({ planned: 8, aborted: 8, running: 0 });
    }
    expect(await json(join(aws.bucketRoot, 'runs', runId, 'stop.json'))).to.have.property(
      'reason',
      'clumio-bulk-restore abort',
    );
    await aws.settled();
    const described = await aws.clients.sfn.send(
      new DescribeExecutionCommand({
        executionArn: `${RESTORE_MACHINE.replace(':stateMachine:', ':execution:')}:${runId}`,
      }),
    );
    expect(described).to.deep.include({ status: 'ABORTED', error: 'Aborted' });
  });

  it('list: starts bulkList with the document, follows it and downloads the restore input it wrote', async () => {
    const inputFile = join(dir, 'list-input.json');
    await writeFile(
      inputFile,
      JSON.stringify({
        source_account: '111111111111',
        source_regions: ['us-east-1'],
        source_asset_types: { EBS: { asset_tags: { Bulk: 'load' } } },
        target_specs: {
          target_account: '222222222222',
          EBS: { target_region: 'us-east-1', target_az: 'us-east-1a' },
        },
      }),
    );
    const out = join(dir, 'listed', 'restore-input.json');
    const listing = io();
    expect(
      await main(
        ['list', '--input', inputFile, '--stage', 'dev', '--out', out, '--poll-interval', '0.05'],
        listing,
      ),
      listing.err(),
    ).to.equal(0);
    const call = aws.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
    expect(call?.stateMachineArn).to.equal(LIST_MACHINE);
    const document = await json<{ RestoreGroups: unknown[] }>(out);
    expect(document.RestoreGroups).to.have.length(8);
    expect(listing.out()).to.contain(`8 restore groups for 8 assets (0 without a backup): ${out}`);
    expect(listing.out()).to.contain(
      `restore them: clumio-bulk-restore restore --input ${out} --stage dev --region us-east-1`,
    );
  });

  it('names a missing stack, and a run that is not there', async () => {
    const missing = io();
    expect(
      await main(['status', 'no-such-run', '--stage', 'dev', '--region', 'eu-west-1'], missing),
    ).to.equal(3);
    expect(missing.err()).to.contain(
      'stack clumio-bulk-restore-dev not found in eu-west-1: deploy it with `serverless deploy --stage dev --region eu-west-1`, or give --region',
    );
    const noRun = io();
    expect(await main(['status', '20261201T000000Z-abcdef', '--stage', 'dev'], noRun)).to.equal(2);
    expect(noRun.err()).to.contain('no run 20261201T000000Z-abcdef on clumio-bulk-restore-dev (us-east-1)');
  });
});
