import type { AwsClientFactory } from '../deployed/stack.js';

/** What a CLI command gets: its arguments (after the command name) and where to read and write. */
export interface CommandIO {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  /** Read by `--input -`, and by abort's confirmation when it is a terminal. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** The AWS clients of --stage commands; default: the SDK's, with the standard credential chain. */
  readonly awsClients?: AwsClientFactory;
}

/** A command returns its exit code (local/exit-codes.ts). */
export type Command = (args: string[], io: CommandIO) => Promise<number>;
