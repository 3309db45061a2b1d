/**
 * Run-time configuration of the Lambdas, read in one place from the environment that serverless.yml
 * sets from the stage params (DESIGN §5).
 */
export interface LambdaConfig {
  readonly clumioBaseUrl: string;
  /** ARN or name of the Secrets Manager secret holding the Clumio token. */
  readonly clumioTokenSecretArn?: string;
  readonly codeVersion: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function readLambdaConfig(env: NodeJS.ProcessEnv = process.env): LambdaConfig {
  const clumioBaseUrl = env.CLUMIO_BASE_URL?.trim();
  if (!clumioBaseUrl) throw new ConfigError('CLUMIO_BASE_URL is not set (stage param clumioBaseUrl)');
  const secret = env.CLUMIO_TOKEN_SECRET?.trim();
  return {
    clumioBaseUrl,
    ...(secret ? { clumioTokenSecretArn: secret } : {}),
    codeVersion: env.CODE_VERSION?.trim() || 'unknown',
  };
}
