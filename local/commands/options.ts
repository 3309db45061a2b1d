/** Option values the run commands share, checked the same way everywhere. */

export class UsageError extends Error {}

/** A whole number ≥ 1, or undefined when the option is absent. */
export function optionalCount(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--${name} must be a whole number ≥ 1`);
  return Number(text);
}

/** Seconds, 0 or more, or undefined when the option is absent. */
export function optionalSeconds(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!(/^\d+(\.\d+)?$/.test(text) && Number(text) >= 0)) {
    throw new UsageError(`--${name} must be a number of seconds, 0 or more`);
  }
  return Number(text);
}

/** The one RUN_FOLDER (or run id) argument of the commands that operate a run. */
export function onePositional(positionals: readonly string[], what: string): string {
  if (positionals.length === 0) throw new UsageError(`${what} is required`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  return positionals[0] as string;
}
