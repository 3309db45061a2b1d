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
    readonly region?: string;
    readonly stackName?: string;
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
export function loadServerlessConfig(
  stage = 'local',
  /** Stage params overridden as `--param="k=v"` does at deploy (benchmarks of other settings). */
  params: Readonly<Record<string, string>> = {},
): Promise<ServerlessConfig> {
  const key = JSON.stringify([stage, Object.entries(params).sort()]);
  let config = cache.get(key);
  if (config === undefined) {
    config = print(stage, params);
    cache.set(key, config);
    config.catch(() => cache.delete(key));
  }
  return config;
}

async function print(stage: string, params: Readonly<Record<string, string>>): Promise<ServerlessConfig> {
  const cli = join(
    dirname(createRequire(import.meta.url).resolve('osls/package.json')),
    'bin',
    'serverless.js',
  );
  const overrides = Object.entries(params).map(([k, v]) => `--param=${k}=${v}`);
  const args = [cli, 'print', '--stage', stage, '--format', 'json', ...overrides];
  const { stdout } = await run(process.execPath, args, {
    cwd: projectRoot,
    maxBuffer: 32 * 1024 * 1024,
    // No AWS call is needed to print; keep any credentials of the user's shell out of it.
    env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
  });
  const printed = JSON.parse(stdout) as unknown;
  // `--param` values come back as text, where the defaults they replace are numbers (MaxConcurrency).
  const numbers = new Set(Object.values(params).filter((v) => /^\d+$/.test(v)));
  return (numbers.size === 0 ? printed : renumber(printed, numbers)) as ServerlessConfig;
}

function renumber(value: unknown, numbers: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return numbers.has(value) ? Number(value) : value;
  if (Array.isArray(value)) return value.map((v) => renumber(v, numbers));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renumber(v, numbers)]));
}
