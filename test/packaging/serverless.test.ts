import { readFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { expect } from 'chai';
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
    if (text.includes('*') && !/\$\{RunBucket\.Arn\}\/runs\/\*$/.test(text)) {
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
      const imports = [...code.matchAll(/(?:from|import)\s*"([^"]+)"/g)].map((m) => m[1]);
      expect(imports.filter((s) => !isBuiltin(s ?? '') && !s?.startsWith('@aws-sdk/'))).to.deep.equal([]);
    }
  });
});
