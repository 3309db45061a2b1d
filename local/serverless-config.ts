import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const projectRoot = join(import.meta.dirname, '..');

/** The parts of the resolved serverless.yml the local runner reads. */
export interface ServerlessConfig {
  readonly service: string;
  readonly provider?: {
    readonly environment?: Readonly<Record<string, unknown>>;
    /** Seconds; a function's own `timeout` wins. */
    readonly timeout?: number;
  };
  readonly functions: Readonly<Record<string, { readonly handler: string; readonly timeout?: number }>>;
  readonly stepFunctions: {
    readonly stateMachines: Readonly<
      Record<string, { readonly name?: string; readonly definition: AslDefinition }>
    >;
  };
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
  readonly [key: string]: unknown;
}

export type AslState = Readonly<Record<string, unknown>> & { readonly Type: string };

const cache = new Map<string, Promise<ServerlessConfig>>();

/**
 * serverless.yml as `serverless print` resolves it for a stage (params, ${file()} state machines):
 * the local runner executes exactly the definitions that deploy. Read once per process and stage.
 */
export function loadServerlessConfig(stage = 'local'): Promise<ServerlessConfig> {
  let config = cache.get(stage);
  if (config === undefined) {
    config = print(stage);
    cache.set(stage, config);
    config.catch(() => cache.delete(stage));
  }
  return config;
}

async function print(stage: string): Promise<ServerlessConfig> {
  const cli = join(
    dirname(createRequire(import.meta.url).resolve('osls/package.json')),
    'bin',
    'serverless.js',
  );
  const { stdout } = await run(process.execPath, [cli, 'print', '--stage', stage, '--format', 'json'], {
    cwd: projectRoot,
    maxBuffer: 32 * 1024 * 1024,
    // No AWS call is needed to print; keep any credentials of the user's shell out of it.
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
  });
  return JSON.parse(stdout) as ServerlessConfig;
}
