/**
 * Tokens this process has seen, so that any text leaving it (log lines, errors, reports) can be scrubbed.
 * Errors are built without tokens in the first place; this is the second line of defence.
 */
const secrets = new Set<string>();

export const REDACTED = '[REDACTED]';

export function registerSecret(secret: string): void {
  // Short strings would redact ordinary words; real tokens are long JWTs.
  if (secret.length >= 8) secrets.add(secret);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  return out;
}
