import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  type ExecutionStatus,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { runStateMachine, type InterruptibleOutcome } from '../../local/runner.js';
import type { AwsClients } from '../../local/deployed/stack.js';

/**
 * A deployed stack as the AWS SDK sees it, in-process: CloudFormation outputs, a run bucket kept in a
 * folder, Step Functions executions that run the real ASL in the local runner (the run bucket's
 * `runs/<id>/` is the run folder), and the token secret. Every answer has the shape AWS documents.
 */

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const STACK = 'clumio-bulk-restore-dev';
export const BUCKET = 'clumio-bulk-restore-dev-runbucket-1a2b3c4d5e6f';
export const SECRET = 'clumio/token/bulk_restore';
const machine = (name: string): string => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${STACK}-${name}`;
export const RESTORE_MACHINE = machine('bulkRestore');
export const LIST_MACHINE = machine('bulkList');

interface Execution {
  readonly arn: string;
  readonly machineArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: Date;
  readonly controller: AbortController;
  outcome?: InterruptibleOutcome;
  stopDate?: Date;
  stopped?: { error?: string; cause?: string };
}

export type FakeAws = ReturnType<typeof fakeAws>;

export interface FakeAwsOptions {
  readonly bucketRoot: string;
  readonly clumioUrl: string;
  readonly clumioToken: string;
  readonly version: string;
  /** The local runner's Wait override for the executions, in ms. */
  readonly waitMs?: number;
}

export function fakeAws(options: FakeAwsOptions) {
  const clients: AwsClients = {
    cloudFormation: new CloudFormationClient({ region: REGION }),
    s3: new S3Client({ region: REGION }),
    sfn: new SFNClient({ region: REGION }),
    secretsManager: new SecretsManagerClient({ region: REGION }),
  };
  const regions: string[] = [];
  const root = options.bucketRoot;
  const path = (key: string): string => join(root, ...key.split('/'));
  const executions = new Map<string, Execution>();
  const running = new Set<Promise<unknown>>();

  const cloudFormation = mockClient(clients.cloudFormation);
  cloudFormation.on(DescribeStacksCommand).callsFake((input: { StackName?: string }) => {
    if (input.StackName !== STACK) {
      throw Object.assign(new Error(`Stack with id ${input.StackName} does not exist`), {
        name: 'ValidationError',
      });
    }
    const output = (OutputKey: string, OutputValue: string, Description: string) => ({
      OutputKey,
      OutputValue,
      Description,
    });
    return {
      Stacks: [
        {
          StackName: STACK,
          StackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${STACK}/5b0f7e10-cf3a-11f0-9d1e-0a1b2c3d4e5f`,
          CreationTime: new Date('2026-11-01T09:00:00Z'),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [
            output('BulkRestoreStateMachineArn', RESTORE_MACHINE, 'bulkRestore state machine'),
            output('BulkListStateMachineArn', LIST_MACHINE, 'bulkList state machine'),
            output(
              'RunBucketName',
              BUCKET,
              'Where each run keeps its plan, results and reports (runs/<run id>/)',
            ),
            output('Version', options.version, 'The release deployed (VERSION)'),
            output('ClumioBaseUrl', options.clumioUrl, 'The Clumio API the stage talks to'),
            output('ClumioTokenSecret', SECRET, 'ARN or name of the secret holding the Clumio API token'),
          ],
        },
      ],
    };
  });

  // The stack lives in REGION only: anywhere else CloudFormation knows no such stack.
  const elsewhere = new CloudFormationClient({ region: 'eu-west-1' });
  mockClient(elsewhere)
    .on(DescribeStacksCommand)
    .callsFake((input: { StackName?: string }) => {
      throw Object.assign(new Error(`Stack with id ${input.StackName} does not exist`), {
        name: 'ValidationError',
      });
    });

  const s3 = mockClient(clients.s3);
  const checkBucket = (bucket: string | undefined): void => {
    if (bucket !== BUCKET)
      throw Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket' });
  };
  s3.on(PutObjectCommand).callsFake(async (input: { Bucket?: string; Key: string; Body: string }) => {
    checkBucket(input.Bucket);
    await mkdir(dirname(path(input.Key)), { recursive: true });
    await writeFile(path(input.Key), input.Body);
    return { ETag: '"0f343b0931126a20f133d67c2b018a3b"', $metadata: { httpStatusCode: 200 } };
  });
  s3.on(GetObjectCommand).callsFake(async (input: { Bucket?: string; Key: string }) => {
    checkBucket(input.Bucket);
    let text: string;
    try {
      text = await readFile(path(input.Key), 'utf8');
    } catch {
      throw new NoSuchKey({
        message: 'The specified key does not exist.',
        $metadata: { httpStatusCode: 404 },
      });
    }
    // The SDK's Body is a stream with transformToString (sdkStreamMixin); that is all the CLI reads.
    return {
      Body: { transformToString: () => Promise.resolve(text) },
      ContentLength: Buffer.byteLength(text),
    };
  });
  s3.on(ListObjectsV2Command).callsFake(async (input: { Bucket?: string; Prefix?: string }) => {
    checkBucket(input.Bucket);
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    const keys = entries
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
      .filter((key) => key.startsWith(input.Prefix ?? ''))
      .sort();
    return {
      Contents: keys.map((Key) => ({ Key, Size: 1, LastModified: new Date(), StorageClass: 'STANDARD' })),
      IsTruncated: false,
      KeyCount: keys.length,
      Name: BUCKET,
      Prefix: input.Prefix,
      MaxKeys: 1000,
    };
  });

  const sfn = mockClient(clients.sfn);
  sfn
    .on(StartExecutionCommand)
    .callsFake(async (input: { stateMachineArn: string; name: string; input: string }) => {
      const arn = `${input.stateMachineArn.replace(':stateMachine:', ':execution:')}:${input.name}`;
      if (executions.has(arn)) {
        throw Object.assign(new Error(`Execution Already Exists: '${arn}'`), {
          name: 'ExecutionAlreadyExists',
        });
      }
      const execution: Execution = {
        arn,
        machineArn: input.stateMachineArn,
        name: input.name,
        input: input.input,
        startDate: new Date(),
        controller: new AbortController(),
      };
      executions.set(arn, execution);
      // The execution input as given: Validate reads an input_key from the run bucket itself.
      const run = runStateMachine(
        input.stateMachineArn === RESTORE_MACHINE ? 'bulkRestore' : 'bulkList',
        JSON.parse(input.input) as unknown,
        {
          runId: input.name,
          runFolder: path(`runs/${input.name}`),
          storeRoot: root,
          env: {
            CLUMIO_BASE_URL: options.clumioUrl,
            CLUMIO_TOKEN: options.clumioToken,
            CODE_VERSION: options.version,
            POWERTOOLS_LOG_LEVEL: 'SILENT',
          },
          ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}),
          retryMs: 0,
          signal: execution.controller.signal,
        },
      ).then((outcome) => {
        execution.outcome = outcome;
        execution.stopDate = new Date();
      });
      running.add(run);
      void run.finally(() => running.delete(run));
      return { executionArn: arn, startDate: execution.startDate };
    });
  sfn.on(DescribeExecutionCommand).callsFake((input: { executionArn: string }) => {
    const execution = executions.get(input.executionArn);
    if (execution === undefined) {
      throw new ExecutionDoesNotExist({
        message: `Execution Does Not Exist: '${input.executionArn}'`,
        $metadata: {},
      });
    }
    const outcome = execution.outcome;
    const status: ExecutionStatus =
      outcome === undefined ? 'RUNNING' : outcome.status === 'ABORTED' ? 'ABORTED' : outcome.status;
    return {
      executionArn: execution.arn,
      stateMachineArn: execution.machineArn,
      name: execution.name,
      status,
      startDate: execution.startDate,
      input: execution.input,
      inputDetails: { included: true },
      ...(execution.stopDate !== undefined ? { stopDate: execution.stopDate } : {}),
      ...(outcome?.status === 'SUCCEEDED'
        ? { output: JSON.stringify(outcome.output), outputDetails: { included: true } }
        : {}),
      ...(outcome?.status === 'FAILED' ? { error: outcome.error, cause: outcome.cause } : {}),
      ...(outcome?.status === 'ABORTED' ? execution.stopped : {}),
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  });
  sfn
    .on(StopExecutionCommand)
    .callsFake((input: { executionArn: string; error?: string; cause?: string }) => {
      const execution = executions.get(input.executionArn);
      if (execution === undefined) {
        throw new ExecutionDoesNotExist({
          message: `Execution Does Not Exist: '${input.executionArn}'`,
          $metadata: {},
        });
      }
      execution.stopped = {
        ...(input.error !== undefined ? { error: input.error } : {}),
        ...(input.cause !== undefined ? { cause: input.cause } : {}),
      };
      execution.controller.abort();
      return { stopDate: new Date() };
    });

  const secretsManager = mockClient(clients.secretsManager);
  secretsManager.on(GetSecretValueCommand).callsFake((input: { SecretId?: string }) => {
    if (input.SecretId !== SECRET) {
      throw Object.assign(new Error("Secrets Manager can't find the specified secret."), {
        name: 'ResourceNotFoundException',
      });
    }
    return {
      ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${SECRET}-AbCdEf`,
      Name: SECRET,
      SecretString: JSON.stringify({ token: options.clumioToken }),
      VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: new Date('2026-11-01T09:00:00Z'),
    };
  });

  return {
    clients,
    regions,
    factory: (region: string): Promise<AwsClients> => {
      regions.push(region);
      return Promise.resolve(region === REGION ? clients : { ...clients, cloudFormation: elsewhere });
    },
    s3,
    sfn,
    cloudFormation,
    secretsManager,
    /** The bucket's objects by key, as files below this folder. */
    bucketRoot: root,
    /** Ends once every execution started has ended. */
    settled: async (): Promise<void> => {
      await Promise.all([...running]);
    },
  };
}
