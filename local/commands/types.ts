import type { AwsClientFactory } from '../deployed/stack.js';

/** What a CLI command gets: its arguments (after the command name) and where to write. */
export interface CommandIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Where a confirmation is read from (abort); without one, nothing is asked. */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The AWS clients of --stage commands; default: the SDK's, with the standard credential chain. */
  readonly awsClients?: AwsClientFactory;
}

/** A command returns its exit code (DESIGN §6: 0 ok, 1 restores incomplete, 2 bad input, 3 cannot proceed). */
export type Command = (args: string[], io: CommandIO) => Promise<number>;

export const EXIT_OK = 0;
export const EXIT_INCOMPLETE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANNOT_PROCEED = 3;
/** Interrupted (Ctrl-C), as shells report a process ended by SIGINT: the run is not over. */
export const EXIT_INTERRUPTED = 130;
