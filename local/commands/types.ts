/** What a CLI command gets: its arguments (after the command name) and where to read and write. */
export interface CommandIO {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  /** Read by `--input -`. */
  readonly stdin?: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** A command returns its exit code (local/exit-codes.ts). */
export type Command = (args: string[], io: CommandIO) => Promise<number>;
