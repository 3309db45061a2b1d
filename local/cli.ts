import { EXIT_USAGE, type Command, type CommandIO } from './commands/types.js';

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

// One line per command; each command parses its own options.
const commands: Record<string, CommandEntry> = {
  restore: {
    summary:
      'restore --input FILE [--base-url URL] [--dry-run] [--out DIR] [--poll-interval S] [--concurrency N]   run a bulk restore',
    load: async () => (await import('./commands/restore.js')).restore,
  },
  list: {
    summary:
      'list --input FILE [--base-url URL] [--out FILE]   discover what can be restored; write a bulkRestore input',
    load: async () => (await import('./commands/list.js')).list,
  },
  demo: {
    summary: 'demo   a bulk restore of all five resource types against the bundled simulator (npm start)',
    load: async () => (await import('./commands/demo.js')).demo,
  },
  report: {
    summary:
      'report RUN_FOLDER [--open]   rewrite report.html and report.csv from a run folder; open the page',
    load: async () => (await import('./commands/report.js')).report,
  },
  status: {
    summary:
      'status RUN_FOLDER [--base-url URL]   the table of a run as of now (reads Clumio; changes nothing)',
    load: async () => (await import('./commands/status.js')).status,
  },
  resume: {
    summary:
      'resume RUN_FOLDER [--poll-interval S] [--concurrency N]   go on with an interrupted run: follow what started, start the rest',
    load: async () => (await import('./commands/resume.js')).resume,
  },
  abort: {
    summary:
      'abort RUN_FOLDER [--yes]   abort the Clumio tasks of a run that have not ended; start nothing more',
    load: async () => (await import('./commands/abort.js')).abort,
  },
  rerun: {
    summary:
      'rerun RUN_FOLDER [--only failed,timed_out] [--include-unknown] [--out DIR]   a new run of the recorded requests that did not complete',
    load: async () => (await import('./commands/rerun.js')).rerun,
  },
  simulate: {
    summary: 'simulate [--port N] [--token T] [--seed S] [--task-seconds N]   run the Clumio simulator',
    load: async () => (await import('./commands/simulate.js')).simulate,
  },
  validate: {
    summary: 'validate FILE   check a bulkRestore input; print every problem (exit 0 or 2)',
    load: async () => (await import('./commands/validate.js')).validate,
  },
};

/** The commands that also work on a deployed stack with --stage S [--region R]. */
const stageCommands = { restore: true, list: true, status: true, abort: true, rerun: true } as const;

function usage(): string {
  const lines = Object.values(commands).map((c) => `  clumio-bulk-restore ${c.summary}`);
  return (
    `usage:\n${lines.join('\n')}\n` +
    `  restore, list, status, abort and rerun take --stage S [--region R] to work on the deployed stack\n`
  );
}

export async function main(argv: string[], io: CommandIO = process): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const entry = commands[name];
  if (entry === undefined) {
    io.stderr.write(`clumio-bulk-restore: unknown command "${name}"\n${usage()}`);
    return EXIT_USAGE;
  }
  // --stage: the same command on the deployed stack (local/deployed/cli.ts parses its options).
  if (name in stageCommands && rest.some((a) => a === '--stage' || a.startsWith('--stage='))) {
    const { deployedCommands } = await import('./deployed/cli.js');
    const deployed = deployedCommands[name];
    if (deployed !== undefined) return deployed(rest, io);
  }
  const command = await entry.load();
  return command(rest, io);
}
