import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ClumioConfigError } from './errors.js';
import { registerSecret } from './redact.js';

/** Supplies the Clumio API token; called before every request, so it must be cheap after the first call. */
export type TokenProvider = () => Promise<string>;

export interface TokenSources {
  /** `CLUMIO_TOKEN` and friends; wins over everything else (DESIGN §6). */
  readonly env?: NodeJS.ProcessEnv;
  /** A `clumio_token` given in the input document (accepted for compatibility, discouraged). */
  readonly inputToken?: string;
  /** ARN of a Secrets Manager secret holding the token (raw, or JSON whose first value is the token). */
  readonly secretArn?: string;
  readonly secretsManager?: SecretsManagerClient;
}

/** A fixed token, registered for redaction. */
export function staticToken(token: string): TokenProvider {
  const value = token.trim();
  if (value === '') throw new ClumioConfigError('the Clumio API token is empty');
  registerSecret(value);
  return () => Promise.resolve(value);
}

/** Reads a secret value: the raw string, or JSON whose first value is the token (e.g. `{"token": …}`). */
export function tokenFromSecretString(secret: string): string {
  const text = secret.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ClumioConfigError('the token secret looks like JSON but does not parse');
    }
    const first = parsed !== null && typeof parsed === 'object' ? Object.values(parsed)[0] : undefined;
    if (typeof first !== 'string' || first.trim() === '') {
      throw new ClumioConfigError('the token secret is JSON, but its first value is not a non-empty string');
    }
    return first.trim();
  }
  if (text === '') throw new ClumioConfigError('the token secret is empty');
  return text;
}

const secretCache = new Map<string, Promise<string>>();

/** The token from Secrets Manager, read once per secret ARN and container (a failed read is not cached). */
export function secretToken(secretArn: string, client?: SecretsManagerClient): TokenProvider {
  return () => {
    let pending = secretCache.get(secretArn);
    if (pending === undefined) {
      pending = readSecret(secretArn, client);
      secretCache.set(secretArn, pending);
      pending.catch(() => secretCache.delete(secretArn));
    }
    return pending;
  };
}

async function readSecret(secretArn: string, given?: SecretsManagerClient): Promise<string> {
  let secretString: string | undefined;
  try {
    // Loaded on first use: a Lambda reads its secret once, and the SDK need not slow every cold import.
    const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const client = given ?? new SecretsManagerClient({});
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    secretString = out.SecretString;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'error';
    throw new ClumioConfigError(`could not read the Clumio token secret ${secretArn}: ${name}`);
  }
  if (secretString === undefined) {
    throw new ClumioConfigError(`the Clumio token secret ${secretArn} has no SecretString`);
  }
  const token = tokenFromSecretString(secretString);
  registerSecret(token);
  return token;
}

/** Forgets cached secrets (tests, and a token rotated while a container lives). */
export function clearTokenCache(): void {
  secretCache.clear();
}

/**
 * Picks the token source: env `CLUMIO_TOKEN`, then the input's `clumio_token`, then the secret.
 * Throws a clear error naming all three when none is set.
 */
export function resolveTokenProvider(sources: TokenSources): TokenProvider {
  const fromEnv = sources.env?.CLUMIO_TOKEN?.trim();
  if (fromEnv) return staticToken(fromEnv);
  const fromInput = sources.inputToken?.trim();
  if (fromInput) return staticToken(fromInput);
  if (sources.secretArn) return secretToken(sources.secretArn, sources.secretsManager);
  throw new ClumioConfigError(
    'no Clumio API token: set CLUMIO_TOKEN, or give clumio_token in the input, or configure the token secret ARN',
  );
}
