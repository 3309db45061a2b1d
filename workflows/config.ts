/**
 * Run-time configuration of the Lambdas, read in one place from the environment that serverless.yml
 * sets from the stage params (DESIGN §5). The local runner sets the same variables in-process.
 */
export interface LambdaConfig {
  readonly clumioBaseUrl: string;
  /** ARN or name of the Secrets Manager secret holding the Clumio token. */
  readonly clumioTokenSecretArn?: string;
  readonly codeVersion: string;
  /** Stage param maxRestoresPerRun: the plan size a run may not exceed unless its input says otherwise. */
  readonly maxRestoresPerRun: number;
  /** True inside AWS Lambda (the local runner calls the same handlers in-process). */
  readonly inLambda: boolean;
  /** Where runs are kept: the stack's run bucket in AWS, a run folder locally. */
  readonly runStore?: { readonly bucket: string } | { readonly folder: string };
  /** Locally, the folder that plays the run bucket (`inputs/`, `runs/`): where an `input_key` is read. */
  readonly storeRoot?: string;
  /**
   * The Clumio client's retry policy where the environment overrides it (unset members keep the
   * defaults of clumio/retry.ts: 6 retries, 500 ms doubling): CLUMIO_RETRY_LIMIT, CLUMIO_RETRY_BASE_MS.
   */
  readonly clumioRetry: { readonly limit?: number; readonly baseDelayMs?: number };
  /**
   * Stage param clumioRequestsPerSecond (CLUMIO_REQUESTS_PER_SECOND, default 90): the product's share of
   * Clumio's 100 requests/s per organisation; every process paces its requests to it and starts are
   * scheduled within it.
   */
  readonly clumioRequestsPerSecond: number;
  /** Stage param restoreConcurrency (RESTORE_CONCURRENCY): the Restore map's MaxConcurrency. */
  readonly restoreConcurrency: number;
  /**
   * Asset pages and backup lookups one PlanChunk invocation does before it leaves the rest of its chunk
   * to the next one (PLAN_PIECE_REQUESTS, default 5,000: about a minute at 90 requests/s).
   */
  readonly planPieceRequests: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readLambdaConfig(env: NodeJS.ProcessEnv = process.env): LambdaConfig {
  const clumioBaseUrl = env.CLUMIO_BASE_URL?.trim();
  if (!clumioBaseUrl) throw new ConfigError('CLUMIO_BASE_URL is not set (stage param clumioBaseUrl)');
  const secret = env.CLUMIO_TOKEN_SECRET?.trim();
  const folder = env.RUN_FOLDER?.trim();
  const bucket = env.RUN_BUCKET?.trim();
  const storeRoot = env.RUN_STORE_ROOT?.trim();
  return {
    clumioBaseUrl,
    ...(secret ? { clumioTokenSecretArn: secret } : {}),
    codeVersion: env.CODE_VERSION?.trim() || 'unknown',
    inLambda: Boolean(env.AWS_LAMBDA_FUNCTION_NAME),
    maxRestoresPerRun: positiveInt('MAX_RESTORES_PER_RUN', env.MAX_RESTORES_PER_RUN, 1000),
    ...(folder ? { runStore: { folder } } : bucket ? { runStore: { bucket } } : {}),
    ...(storeRoot ? { storeRoot } : {}),
    clumioRetry: {
      ...optionalInt('CLUMIO_RETRY_LIMIT', env.CLUMIO_RETRY_LIMIT, 0, 'limit'),
      ...optionalInt('CLUMIO_RETRY_BASE_MS', env.CLUMIO_RETRY_BASE_MS, 1, 'baseDelayMs'),
    },
    clumioRequestsPerSecond: positiveInt('CLUMIO_REQUESTS_PER_SECOND', env.CLUMIO_REQUESTS_PER_SECOND, 90),
    restoreConcurrency: positiveInt('RESTORE_CONCURRENCY', env.RESTORE_CONCURRENCY, 1000),
    planPieceRequests: positiveInt('PLAN_PIECE_REQUESTS', env.PLAN_PIECE_REQUESTS, 5000),
  };
}

function wholeNumber(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < min)
    throw new ConfigError(`${name} must be a whole number ≥ ${min}, got "${text}"`);
  return value;
}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  return wholeNumber(name, text, 1);
}

/** `{[key]: value}` when the variable is set, `{}` when it is not. */
function optionalInt<K extends string>(
  name: string,
  text: string | undefined,
  min: number,
  key: K,
): Partial<Record<K, number>> {
  if (text === undefined || text.trim() === '') return {};
  return { [key]: wholeNumber(name, text, min) } as Partial<Record<K, number>>;
}
