import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { expect } from 'chai';
import { runStateMachine } from '../../local/runner.js';
import { startSimulator } from '../../local/simulator/index.js';
import { folderStoreObjects, type StoreAccess } from '../../workflows/run-store.js';
import { tempDir } from '../integration/helpers.js';
import { packageStage, readZip, resourcesOfType, root, type CfnResource, type Packaged } from './package.js';

type Props = Record<string, unknown>;
const props = (r: CfnResource | undefined): Props => (r?.Properties ?? {}) as Props;

/** A state machine's definition, with the Fn::Sub placeholders of its function ARNs left in. */
function definitionOf(machine: CfnResource): { States: Record<string, Props> } {
  const sub = (props(machine).DefinitionString as { 'Fn::Sub': [string, unknown] })['Fn::Sub'];
  return JSON.parse(sub[0]) as { States: Record<string, Props> };
}

interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every Allow statement of every IAM role of the template, with the role's logical id. */
function allowStatements(packaged: Packaged): { role: string; statement: Statement }[] {
  return resourcesOfType(packaged, 'AWS::IAM::Role').flatMap(([role, resource]) =>
    ((props(resource).Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((policy) =>
      policy.PolicyDocument.Statement.filter((s) => s.Effect === 'Allow').map((statement) => ({
        role,
        statement,
      })),
    ),
  );
}

/** Statements that need a wider resource, each with AWS's reason. */
const EXCEPTIONS: Record<string, string> = {
  DeliverLogs:
    'CloudWatch Logs log delivery (CreateLogDelivery, …, DescribeLogGroups) supports no resource-level permissions: AWS documents "Resource": "*" for state machine logging',
};

/**
 * Whether a resource is this stack's own: a Ref/GetAtt of one of its resources, a Sub over one of them
 * or over the stack's own name, or the token secret.
 */
function isStackScoped(resource: unknown, packaged: Packaged, stage: string): boolean {
  const own = Object.keys(packaged.template.Resources);
  if (Array.isArray(resource)) return resource.every((r) => isStackScoped(r, packaged, stage));
  if (typeof resource === 'string') return resource === 'clumio/token/bulk_restore';
  const r = resource as Record<string, unknown>;
  if ('Fn::GetAtt' in r) return own.includes((r['Fn::GetAtt'] as string[])[0] ?? '');
  if ('Ref' in r) return own.includes(String(r.Ref));
  if ('Fn::If' in r)
    return (r['Fn::If'] as unknown[]).slice(1).every((x) => isStackScoped(x, packaged, stage));
  if ('Fn::Sub' in r) {
    const sub = r['Fn::Sub'];
    const text = Array.isArray(sub) ? String(sub[0]) : String(sub);
    if (text.includes('*') && !/^\$\{RunBucket\.Arn\}\/(runs|inputs)\//.test(text)) {
      // A wildcard is fine only below a name that is the stack's own.
      return new RegExp(
        `(clumio-bulk-restore-${stage}[-/]|log-group:/aws/lambda/clumio-bulk-restore-${stage})`,
      ).test(text);
    }
    return (
      text.includes('${RunBucket.Arn}') ||
      text.includes(`clumio-bulk-restore-${stage}`) ||
      text.includes(':secret:clumio/token/bulk_restore-??????')
    );
  }
  return false;
}

/** The Fn::Sub placeholders of a definition's function ARNs: `{<placeholder>: {Fn::GetAtt: [<id>, Arn]}}`. */
function functionArns(machine: CfnResource): Record<string, { 'Fn::GetAtt': string[] }> {
  const sub = (
    props(machine).DefinitionString as { 'Fn::Sub': [string, Record<string, { 'Fn::GetAtt': string[] }>] }
  )['Fn::Sub'];
  return sub[1];
}

/** A resource as the permission tables below spell it. */
function resourceName(resource: unknown, logGroup: string): string {
  if (typeof resource === 'string') return resource;
  const r = resource as Record<string, unknown>;
  const getAtt = r['Fn::GetAtt'] as string[] | undefined;
  if (getAtt?.[0] === logGroup) return 'own log group';
  if (getAtt?.[0] === 'RunBucket') return 'run bucket';
  if ('Fn::If' in r && (r['Fn::If'] as unknown[])[0] === 'TokenSecretIsArn') return 'token secret';
  const sub = r['Fn::Sub'];
  if (typeof sub === 'string' && sub.startsWith('${RunBucket.Arn}/'))
    return sub.slice('${RunBucket.Arn}/'.length);
  return JSON.stringify(resource);
}

/** Every action × resource a function's role allows, as "action resource" lines, sorted. */
function effectivePermissions(packaged: Packaged, functionId: string): string[] {
  const fn = packaged.template.Resources[`${functionId}LambdaFunction`];
  const role = (props(fn).Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] ?? '';
  return allowStatements(packaged)
    .filter((s) => s.role === role)
    .flatMap(({ statement }) =>
      [statement.Action]
        .flat()
        .flatMap((action) =>
          [statement.Resource].flat().map((r) => `${action} ${resourceName(r, `${functionId}LogGroup`)}`),
        ),
    )
    .sort();
}

const LOGS = ['logs:CreateLogStream own log group', 'logs:PutLogEvents own log group'];
const TOKEN = 'secretsmanager:GetSecretValue token secret';
const read = (...keys: string[]) => keys.map((k) => `s3:GetObject ${k}`);
const write = (...keys: string[]) => keys.map((k) => `s3:PutObject ${k}`);

/**
 * What each function may do, from what its code reads and writes (workflows/run-layout.ts): the token
 * only where it calls Clumio, each run-store key only where it is read or written.
 */
const PERMISSIONS: Record<string, string[]> = {
  Validate: [
    TOKEN,
    ...read('inputs/*', 'runs/*/restore-input.json', 'runs/*/rerun-records.json'),
    ...write('runs/*/input.json'),
    's3:ListBucket run bucket',
  ],
  PlanChunk: [TOKEN, ...read('runs/*/input.json', 'runs/*/plan-chunks/*'), ...write('runs/*/plan-chunks/*')],
  FinalizePlan: [
    ...read('runs/*/plan-chunks/*', 'runs/*/rerun-records.json'),
    ...write('runs/*/plan.json', 'runs/*/no-backup.json', 'runs/*/unplanned.json', 'runs/*/run.json'),
  ],
  // The journal of starts (tasks/<index>.json) and the run's stop (stop.json).
  StartRestore: [
    TOKEN,
    ...read('runs/*/tasks/*', 'runs/*/stop.json'),
    ...write('runs/*/tasks/*'),
    's3:ListBucket run bucket',
  ],
  CheckTask: [TOKEN],
  Report: [
    ...read(
      'runs/*/plan.json',
      'runs/*/no-backup.json',
      'runs/*/unplanned.json',
      'runs/*/results/*',
      'runs/*/tasks/*',
    ),
    ...write('runs/*/report.json', 'runs/*/report.csv', 'runs/*/report.html'),
    's3:ListBucket run bucket',
  ],
  ReportFailure: [
    ...read('runs/*/input.json', 'runs/*/unplanned.json'),
    ...write('runs/*/report.json', 'runs/*/report.csv', 'runs/*/report.html'),
    's3:ListBucket run bucket',
  ],
  ListValidate: [TOKEN, ...write('runs/*/list-input.json')],
  DiscoverAssets: [TOKEN, ...read('runs/*/list-input.json'), ...write('runs/*/assets/*')],
  CollectAssets: [...read('runs/*/assets/*'), ...write('runs/*/assets.json', 'runs/*/discovery.json')],
  FindBackup: [TOKEN, ...read('runs/*/list-input.json')],
  WriteDocument: [
    ...read('runs/*/list-results/*', 'runs/*/discovery.json'),
    ...write('runs/*/restore-input.json', 'runs/*/list-summary.json'),
  ],
};

describe('packaging: serverless package (offline, the real CloudFormation)', function () {
  this.timeout(180_000);
  let dev: Packaged;
  let prod: Packaged;
  let version: string;
  const both = () => [
    { stage: 'dev', packaged: dev },
    { stage: 'prod', packaged: prod },
  ];

  before(async () => {
    version = (await readFile(join(root, 'VERSION'), 'utf8')).trim();
    dev = await packageStage('dev');
    prod = await packageStage('prod');
  });

  it('packages every function for nodejs22.x on arm64 with CODE_VERSION = VERSION and the stage params', () => {
    const expected = {
      dev: {
        MAX_RESTORES_PER_RUN: '200',
        CLUMIO_BASE_URL: 'us-west-2.api.clumio.com',
        CLUMIO_REQUESTS_PER_SECOND: '90',
        RESTORE_CONCURRENCY: '200',
      },
      prod: {
        MAX_RESTORES_PER_RUN: '1000',
        CLUMIO_BASE_URL: 'us-west-2.api.clumio.com',
        CLUMIO_REQUESTS_PER_SECOND: '90',
        RESTORE_CONCURRENCY: '1000',
      },
    } as const;
    for (const { stage, packaged } of both()) {
      const functions = resourcesOfType(packaged, 'AWS::Lambda::Function');
      expect(functions.length).to.be.at.least(6);
      for (const [, fn] of functions) {
        const p = props(fn) as {
          Runtime: string;
          Architectures: string[];
          Environment: { Variables: Props };
        };
        expect(p.Runtime).to.equal('nodejs22.x');
        expect(p.Architectures).to.deep.equal(['arm64']);
        expect(p.Environment.Variables).to.deep.include({
          CODE_VERSION: version,
          CLUMIO_TOKEN_SECRET: 'clumio/token/bulk_restore',
          RUN_BUCKET: { Ref: 'RunBucket' },
          ...expected[stage as 'dev' | 'prod'],
        });
      }
    }
  });

  it('resolves the stage params into the state machines (prod differs from dev)', () => {
    const restore = (p: Packaged) =>
      definitionOf(
        resourcesOfType(p, 'AWS::StepFunctions::StateMachine').find(
          ([id]) => id === 'BulkRestoreStateMachine',
        )?.[1] as CfnResource,
      ).States.Restore as Props;
    expect(restore(dev).MaxConcurrency).to.equal(200);
    expect(restore(prod).MaxConcurrency).to.equal(1000);
    for (const p of [dev, prod]) {
      expect((restore(p).ItemSelector as Props).polling).to.deep.equal({
        intervalSeconds: 60,
        maxIntervalSeconds: 900,
        maxAttempts: 200,
        'minIntervalSeconds.$': '$.startPhaseSeconds',
      });
      expect(restore(p).ToleratedFailurePercentage).to.equal(100);
      expect((restore(p).ItemProcessor as Props).ProcessorConfig).to.deep.equal({
        Mode: 'DISTRIBUTED',
        ExecutionType: 'STANDARD',
      });
    }
    for (const { packaged } of both()) {
      const machines = resourcesOfType(packaged, 'AWS::StepFunctions::StateMachine');
      expect(machines.map(([id]) => id).sort()).to.deep.equal([
        'BulkListStateMachine',
        'BulkRestoreStateMachine',
      ]);
      for (const [, machine] of machines) {
        expect(props(machine).StateMachineType).to.equal('STANDARD');
        expect(props(machine).LoggingConfiguration).to.deep.include({
          Level: 'ERROR',
          IncludeExecutionData: false,
        });
      }
    }
  });

  it('outputs the state machine ARNs, the run bucket and Version', () => {
    for (const { packaged } of both()) {
      const outputs = packaged.template.Outputs as Record<string, { Value: unknown }>;
      expect(outputs.BulkRestoreStateMachineArn?.Value).to.deep.equal({ Ref: 'BulkRestoreStateMachine' });
      expect(outputs.BulkListStateMachineArn?.Value).to.deep.equal({ Ref: 'BulkListStateMachine' });
      expect(outputs.RunBucketName?.Value).to.deep.equal({ Ref: 'RunBucket' });
      expect(outputs.Version?.Value).to.equal(version);
    }
  });

  it('protects the run bucket: encryption, no public access, TLS only, runs expire after runRetentionDays', () => {
    for (const { stage, packaged } of both()) {
      const bucket = props(packaged.template.Resources.RunBucket);
      expect(bucket.BucketEncryption).to.deep.equal({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(bucket.PublicAccessBlockConfiguration).to.deep.equal({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.LifecycleConfiguration).to.deep.equal({
        Rules: [
          {
            Id: 'expire-runs',
            Status: 'Enabled',
            Prefix: 'runs/',
            ExpirationInDays: stage === 'dev' ? 14 : 90,
          },
        ],
      });
      const policy = props(packaged.template.Resources.RunBucketPolicy).PolicyDocument as {
        Statement: Props[];
      };
      expect(policy.Statement).to.deep.include({
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [{ 'Fn::GetAtt': ['RunBucket', 'Arn'] }, { 'Fn::Sub': '${RunBucket.Arn}/*' }],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  it('keeps logs for logRetentionDays (Lambdas and state machines)', () => {
    for (const { stage, packaged } of both()) {
      const groups = resourcesOfType(packaged, 'AWS::Logs::LogGroup');
      expect(groups.length).to.be.at.least(7);
      for (const [, group] of groups)
        expect(props(group).RetentionInDays).to.equal(stage === 'dev' ? 14 : 365);
    }
  });

  it('tags the stack, every function and every state machine', async () => {
    for (const { stage, packaged } of both()) {
      const tags = { Service: 'clumio-bulk-restore', Stage: stage, Version: version };
      const state = JSON.parse(await readFile(join(packaged.dir, 'serverless-state.json'), 'utf8')) as {
        service: { provider: { stackTags: Props } };
      };
      expect(state.service.provider.stackTags).to.deep.equal(tags);
      const asList = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
      for (const type of ['AWS::Lambda::Function', 'AWS::StepFunctions::StateMachine']) {
        for (const [id, resource] of resourcesOfType(packaged, type))
          expect(props(resource).Tags, id).to.deep.equal(asList);
      }
    }
  });

  it('grants no * action and no resource wider than this stack (exceptions named with the AWS reason)', () => {
    for (const { stage, packaged } of both()) {
      const statements = allowStatements(packaged);
      expect(statements.length).to.be.greaterThan(5);
      for (const { role, statement } of statements) {
        const where = `${role} ${statement.Sid ?? JSON.stringify(statement.Action)}`;
        const actions = [statement.Action].flat();
        for (const action of actions) expect(action, where).not.to.match(/\*/);
        if (statement.Sid !== undefined && statement.Sid in EXCEPTIONS) {
          expect(
            actions.every((a) => a.startsWith('logs:')),
            where,
          ).to.equal(true);
          continue;
        }
        expect(
          isStackScoped(statement.Resource, packaged, stage),
          `${where}: ${JSON.stringify(statement.Resource)}`,
        ).to.equal(true);
      }
    }
  });

  it('lets the state machine start and watch only its own child executions (execution:<name>/*)', () => {
    const statements = allowStatements(prod)
      .filter((s) => s.role === 'BulkRestoreRole')
      .map((s) => s.statement);
    const watch = statements.find((s) => s.Sid === 'WatchOwnChildExecutions');
    expect(watch?.Resource).to.deep.equal({
      'Fn::Sub':
        'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:clumio-bulk-restore-prod-bulkRestore/*',
    });
    const invoke = statements.find((s) => s.Sid === 'InvokeOwnFunctions');
    expect(invoke?.Resource).to.have.length(7);
  });

  it('gives every function a role of its own with exactly the permissions its code needs', () => {
    for (const { packaged } of both()) {
      const functions = resourcesOfType(packaged, 'AWS::Lambda::Function').map(([id]) =>
        id.replace(/LambdaFunction$/, ''),
      );
      expect(functions.sort()).to.deep.equal(Object.keys(PERMISSIONS).sort());
      const roles = functions.map(
        (id) =>
          (props(packaged.template.Resources[`${id}LambdaFunction`]).Role as { 'Fn::GetAtt': string[] })[
            'Fn::GetAtt'
          ][0],
      );
      expect(new Set(roles).size, 'no two functions share a role').to.equal(functions.length);
      expect(packaged.template.Resources).not.to.have.property('IamRoleLambdaExecution');
      for (const id of functions) {
        expect(effectivePermissions(packaged, id), id).to.deep.equal(
          [...LOGS, ...(PERMISSIONS[id] ?? [])].sort(),
        );
      }
      const readers = functions.filter((id) => effectivePermissions(packaged, id).includes(TOKEN));
      expect(readers.sort(), 'the functions that call Clumio, and only they, read the token').to.deep.equal([
        'CheckTask',
        'DiscoverAssets',
        'FindBackup',
        'ListValidate',
        'PlanChunk',
        'StartRestore',
        'Validate',
      ]);
    }
  });

  it('lets each state machine redrive its own child executions, read its items and write only its results', () => {
    for (const { stage, packaged } of both()) {
      for (const [role, machine, items, results] of [
        ['BulkRestoreRole', 'bulkRestore', 'runs/*/plan.json', 'runs/*/results/*'],
        ['BulkListRole', 'bulkList', 'runs/*/assets.json', 'runs/*/list-results/*'],
      ] as const) {
        const statements = allowStatements(packaged)
          .filter((s) => s.role === role)
          .map((s) => s.statement);
        const children = {
          'Fn::Sub': `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:clumio-bulk-restore-${stage}-${machine}/*`,
        };
        const redrive = statements.filter((s) => [s.Action].flat().includes('states:RedriveExecution'));
        expect(
          redrive.map((s) => s.Resource),
          role,
        ).to.deep.equal([children]);
        const s3 = statements
          .filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')))
          .flatMap((s) => [s.Action].flat().map((a) => `${a} ${resourceName(s.Resource, '')}`))
          .sort();
        expect(s3, role).to.deep.equal(
          [
            `s3:GetObject ${items}`,
            `s3:PutObject ${results}`,
            `s3:ListMultipartUploadParts ${results}`,
            `s3:AbortMultipartUpload ${results}`,
          ].sort(),
        );
      }
    }
  });

  it('fits every attempt and retry of an Express child in its 5 minutes (TimeoutSeconds at or above the function timeout)', () => {
    for (const { packaged } of both()) {
      const timeouts = new Map(
        resourcesOfType(packaged, 'AWS::Lambda::Function').map(([id, fn]) => [
          id.replace(/LambdaFunction$/, ''),
          props(fn).Timeout as number,
        ]),
      );
      let checked = 0;
      for (const [, machine] of resourcesOfType(packaged, 'AWS::StepFunctions::StateMachine')) {
        for (const map of Object.values(definitionOf(machine).States)) {
          const processor = map.ItemProcessor as
            { ProcessorConfig?: Props; States: Record<string, Props> } | undefined;
          if (processor?.ProcessorConfig?.ExecutionType !== 'EXPRESS') continue;
          let worst = 0;
          for (const task of Object.values(processor.States).filter((s) => s.Type === 'Task')) {
            const placeholder = /^\$\{(\w+)\}$/.exec(String(task.Resource))?.[1] ?? '';
            const fn = (functionArns(machine)[placeholder]?.['Fn::GetAtt'][0] ?? '').replace(
              /LambdaFunction$/,
              '',
            );
            const timeout = task.TimeoutSeconds as number;
            expect(timeout, fn).to.be.at.least(timeouts.get(fn) ?? Infinity);
            const retriers = (task.Retry ?? []) as {
              IntervalSeconds: number;
              MaxAttempts: number;
              BackoffRate: number;
              MaxDelaySeconds?: number;
            }[];
            const attempts = 1 + retriers.reduce((n, r) => n + r.MaxAttempts, 0);
            const pauses = retriers.reduce(
              (total, r) =>
                total +
                Array.from({ length: r.MaxAttempts }, (_, k) =>
                  Math.min(r.IntervalSeconds * r.BackoffRate ** k, r.MaxDelaySeconds ?? Infinity),
                ).reduce((a, b) => a + b, 0),
              0,
            );
            worst += attempts * timeout + pauses;
            checked++;
          }
          expect(worst).to.be.at.most(300);
        }
      }
      expect(checked).to.equal(1);
    }
  });

  it("allows every run-store access a local run makes, and each function's S3 grants are all used", async () => {
    const sim = await startSimulator({ taskSeconds: 0, rateLimitPerSecond: false });
    const store = await tempDir('permissions');
    const accesses: (StoreAccess & { by: string })[] = [];
    const example = async (name: string): Promise<Record<string, unknown>> =>
      JSON.parse(await readFile(join(root, 'examples', name), 'utf8')) as Record<string, unknown>;
    const run = async (machine: string, input: unknown, runId: string) =>
      runStateMachine(machine, input, {
        runId,
        runFolder: join(store, 'runs', runId),
        storeRoot: store,
        env: { CLUMIO_BASE_URL: sim.url, CLUMIO_TOKEN: sim.token, POWERTOOLS_LOG_LEVEL: 'SILENT' },
        waitMs: 1,
        retryMs: 0,
        onStoreAccess: (access) => accesses.push(access),
      });
    try {
      // Every Task of both machines, the failure path, and both kinds of input_key.
      expect((await run('bulkRestore', await example('restore-ebs.json'), 'perm-restore')).status).to.equal(
        'SUCCEEDED',
      );
      expect((await run('bulkRestore', { RestoreGroups: [] }, 'perm-invalid')).status).to.equal('FAILED');
      await folderStoreObjects(store).putText(
        'inputs/perm.json',
        JSON.stringify(await example('restore-dynamodb.json')),
        'application/json',
      );
      expect(
        (await run('bulkRestore', { input_key: 'inputs/perm.json', dry_run: true }, 'perm-upload')).status,
      ).to.equal('SUCCEEDED');
      const listed = await run('bulkList', await example('list-input.json'), 'perm-list');
      expect(listed.status).to.equal('SUCCEEDED');
      const fromList = { input_key: 'runs/perm-list/restore-input.json', dry_run: true };
      expect((await run('bulkRestore', fromList, 'perm-from-list')).status).to.equal('SUCCEEDED');
      // A rerun: its records copied from the first run's plan before it starts, as `rerun` does.
      const plan = await readFile(join(store, 'runs', 'perm-restore', 'plan.json'), 'utf8');
      await folderStoreObjects(store).putText('runs/perm-rerun/rerun-records.json', plan, 'application/json');
      const restores = (JSON.parse(plan) as unknown[]).map((_, i) => i);
      const rerun = { rerun_of: { run_id: 'perm-restore', restores } };
      expect((await run('bulkRestore', rerun, 'perm-rerun')).status).to.equal('SUCCEEDED');
      // A restore Clumio refused has no task id in its result: Report looks for one in the journal.
      sim.script({ method: 'POST', path: '/restores/*', kind: 'status', status: 400 });
      expect((await run('bulkRestore', await example('restore-ebs.json'), 'perm-refused')).status).to.equal(
        'FAILED',
      );
    } finally {
      await sim.close();
    }

    const roleOf = (by: string): { role: string; logGroup: string } => {
      if (by.endsWith('-bulkRestore')) return { role: 'BulkRestoreRole', logGroup: '' };
      if (by.endsWith('-bulkList')) return { role: 'BulkListRole', logGroup: '' };
      const id = `${by.charAt(0).toUpperCase()}${by.slice(1)}`;
      const fn = dev.template.Resources[`${id}LambdaFunction`];
      return {
        role: (props(fn).Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] ?? '',
        logGroup: `${id}LogGroup`,
      };
    };
    const action = { read: 's3:GetObject', write: 's3:PutObject', list: 's3:ListBucket' } as const;
    const grantsOf = (by: string): string[] => {
      const { role, logGroup } = roleOf(by);
      return allowStatements(dev)
        .filter((s) => s.role === role)
        .flatMap(({ statement }) =>
          [statement.Action]
            .flat()
            .flatMap((a) => [statement.Resource].flat().map((r) => `${a} ${resourceName(r, logGroup)}`)),
        );
    };
    const matches = (grant: string, access: StoreAccess): boolean => {
      const cut = grant.indexOf(' ');
      const [grantAction, pattern] = [grant.slice(0, cut), grant.slice(cut + 1)];
      if (grantAction !== action[access.op]) return false;
      if (pattern === 'run bucket') return true;
      return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(
        access.key,
      );
    };
    const denied = accesses.filter((a) => !grantsOf(a.by).some((g) => matches(g, a)));
    expect(denied.map((a) => `${a.by} ${a.op} ${a.key}`)).to.deep.equal([]);
    // The other way round: no S3 grant that no access needed (listing only makes S3 tell 404 from 403).
    const who = [...new Set(accesses.map((a) => a.by))];
    // Every function but CheckTask (no run-store access at all), and both state machines.
    expect(who.sort()).to.deep.equal([
      'clumio-bulk-restore-local-bulkList',
      'clumio-bulk-restore-local-bulkRestore',
      'collectAssets',
      'discoverAssets',
      'finalizePlan',
      'findBackup',
      'listValidate',
      'planChunk',
      'report',
      'reportFailure',
      'startRestore',
      'validate',
      'writeDocument',
    ]);
    for (const by of who) {
      const unused = grantsOf(by).filter(
        (g) =>
          g.startsWith('s3:') &&
          !g.startsWith('s3:ListBucket') &&
          !g.startsWith('s3:ListMultipart') &&
          !g.startsWith('s3:AbortMultipart') &&
          !accesses.some((a) => a.by === by && matches(g, a)),
      );
      expect(unused, by).to.deep.equal([]);
    }
  });

  it('honours --param overrides at package time', async () => {
    const overridden = await packageStage('dev', ['--param=clumioBaseUrl=eu-central-1.de.api.clumio.com']);
    const [, fn] = resourcesOfType(overridden, 'AWS::Lambda::Function')[0] ?? [];
    expect((props(fn).Environment as { Variables: Props }).Variables.CLUMIO_BASE_URL).to.equal(
      'eu-central-1.de.api.clumio.com',
    );
  });

  it('builds one ESM bundle per function, with the AWS SDK left to the Lambda runtime', async () => {
    for (const [logicalId, fn] of resourcesOfType(dev, 'AWS::Lambda::Function')) {
      const handler = (props(fn) as { Handler: string }).Handler;
      const name = logicalId.replace(/LambdaFunction$/, '');
      const files = await readZip(join(dev.dir, `${name.charAt(0).toLowerCase()}${name.slice(1)}.zip`));
      const entry = `${handler.slice(0, handler.lastIndexOf('.'))}.mjs`;
      expect([...files.keys()]).to.include(entry);
      expect([...files.keys()].some((f) => f.startsWith('node_modules/'))).to.equal(false);
      const code = files.get(entry)?.toString('utf8') ?? '';
      // Everything else is bundled: the only imports left are Node built-ins and the runtime's AWS SDK.
      // `from`/`import` as words: strings such as "restore_from" in the bundle are not imports.
      const imports = [...code.matchAll(/(?<![\w$])(?:from|import)\s*"([^"]+)"/g)].map((m) => m[1]);
      expect(imports.filter((s) => !isBuiltin(s ?? '') && !s?.startsWith('@aws-sdk/'))).to.deep.equal([]);
    }
  });
});
