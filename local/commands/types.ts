/** What a CLI command gets: its arguments (after the command name) and where to write. */
export interface CommandIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

/** A command returns its exit code (DESIGN §6: 0 ok, 1 restores incomplete, 2 bad input, 3 cannot proceed). */
export type Command = (args: string[], io: CommandIO) => Promise<number>;

export const EXIT_OK = 0;
export const EXIT_INCOMPLETE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANNOT_PROCEED = 3;
