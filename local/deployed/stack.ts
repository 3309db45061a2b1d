import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { normaliseBaseUrl, secretToken, staticToken, type TokenProvider } from '../../clumio/index.js';
import { s3RunFiles, type RunFiles } from '../../workflows/run-store.js';
import { loadServerlessConfig } from '../serverless-config.js';

/** Which deployment a command works on: `--stage S [--region R]`. */
export interface DeployedTarget {
  readonly stage: string;
  readonly region?: string;
}

/** The stack's outputs (serverless.yml `resources.Outputs`) that the CLI drives a deployed run with. */
export interface DeployedStack {
  readonly stage: string;
  readonly stackName: string;
  readonly region: string;
  readonly restoreMachineArn: string;
  readonly listMachineArn: string;
  readonly bucket: string;
  readonly version?: string;
  readonly clumioBaseUrl?: string;
  readonly tokenSecret?: string;
}

/** AWS SDK v3 clients of the stack's region, with the standard credential chain. */
export interface AwsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly s3: S3Client;
  readonly sfn: SFNClient;
  readonly secretsManager: SecretsManagerClient;
}

/** Makes the clients of a region (tests give instances they mock). */
export type AwsClientFactory = (region: string) => Promise<AwsClients>;

async function sdkClients(region: string): Promise<AwsClients> {
  const [cfn, s3, sfn, sm] = await Promise.all([
    import('@aws-sdk/client-cloudformation'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-secrets-manager'),
  ]);
  return {
    cloudFormation: new cfn.CloudFormationClient({ region }),
    s3: new s3.S3Client({ region }),
    sfn: new sfn.SFNClient({ region }),
    secretsManager: new sm.SecretsManagerClient({ region }),
  };
}

export interface Deployment {
  readonly stack: DeployedStack;
  readonly clients: AwsClients;
}

/** A deployment that cannot be used: no such stack, an output missing, no credentials. */
export class DeploymentError extends Error {
  override readonly name = 'DeploymentError';
}

/**
 * The stack `serverless deploy --stage S` made: named as `serverless print` resolves it for the stage
 * (`provider.stackName`, else `<service>-<stage>`), in `--region`, else AWS_REGION / AWS_DEFAULT_REGION,
 * else the region serverless.yml deploys to.
 */
export async function connect(
  target: DeployedTarget,
  env: NodeJS.ProcessEnv,
  makeClients: AwsClientFactory = sdkClients,
): Promise<Deployment> {
  const config = await loadServerlessConfig(target.stage);
  const stackName = config.provider?.stackName ?? `${config.service}-${target.stage}`;
  const region =
    target.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config.provider?.region ?? 'us-east-1';
  const clients = await makeClients(region);
  const { DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  let outputs: Map<string, string>;
  try {
    const found = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = found.Stacks?.[0];
    if (stack === undefined) throw new DeploymentError(`stack ${stackName} not found in ${region}`);
    outputs = new Map((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    if (error instanceof DeploymentError) throw error;
    const message = (error as Error).message;
    throw new DeploymentError(
      /does not exist/.test(message)
        ? `stack ${stackName} not found in ${region}: deploy it with \`serverless deploy --stage ${target.stage} --region ${region}\`, or give --region`
        : `cannot read stack ${stackName} in ${region}: ${(error as Error).name}: ${message}`,
    );
  }
  const required = (key: string): string => {
    const value = outputs.get(key);
    if (!value)
      throw new DeploymentError(`stack ${stackName} has no output ${key}: deploy this release first`);
    return value;
  };
  const optional = (key: string): { [k: string]: string } => {
    const value = outputs.get(key);
    return value ? { [key]: value } : {};
  };
  const extra = { ...optional('Version'), ...optional('ClumioBaseUrl'), ...optional('ClumioTokenSecret') };
  return {
    clients,
    stack: {
      stage: target.stage,
      stackName,
      region,
      restoreMachineArn: required('BulkRestoreStateMachineArn'),
      listMachineArn: required('BulkListStateMachineArn'),
      bucket: required('RunBucketName'),
      ...(extra.Version !== undefined ? { version: extra.Version } : {}),
      ...(extra.ClumioBaseUrl !== undefined ? { clumioBaseUrl: extra.ClumioBaseUrl } : {}),
      ...(extra.ClumioTokenSecret !== undefined ? { tokenSecret: extra.ClumioTokenSecret } : {}),
    },
  };
}

/** A run's files in the stack's run bucket. */
export function deployedRunFiles(deployment: Deployment, runId: string): RunFiles {
  return s3RunFiles(deployment.stack.bucket, runId, deployment.clients.s3);
}

/** The execution of a run: Step Functions names it after the run id. */
export function executionArn(machineArn: string, runId: string): string {
  return `${machineArn.replace(':stateMachine:', ':execution:')}:${runId}`;
}

/** How the commands name this deployment in what they print (`--stage S --region R`). */
export function targetArguments(stack: DeployedStack): string {
  return `--stage ${stack.stage} --region ${stack.region}`;
}

/**
 * The operator's way to Clumio for a deployed run (status, abort, rerun): CLUMIO_TOKEN, else the stack's
 * token secret read with the operator's own credentials; the run's base URL, else the stage's.
 */
export function deployedClumio(
  deployment: Deployment,
  env: NodeJS.ProcessEnv,
  runBaseUrl: string | null | undefined,
): { baseUrl: string; token: TokenProvider } {
  const url = runBaseUrl ?? deployment.stack.clumioBaseUrl;
  if (!url)
    throw new DeploymentError(
      `stack ${deployment.stack.stackName} has no output ClumioBaseUrl: give --base-url`,
    );
  const fromEnv = env.CLUMIO_TOKEN?.trim();
  if (fromEnv) return { baseUrl: normaliseBaseUrl(url), token: staticToken(fromEnv) };
  const secret = deployment.stack.tokenSecret;
  if (!secret) {
    throw new DeploymentError(
      `no Clumio API token: set CLUMIO_TOKEN (stack ${deployment.stack.stackName} names no token secret)`,
    );
  }
  return { baseUrl: normaliseBaseUrl(url), token: secretToken(secret, deployment.clients.secretsManager) };
}
