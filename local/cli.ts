import { EXIT_USAGE, type Command, type CommandIO } from './commands/types.js';

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

// One line per command; each command parses its own options.
const commands: Record<string, CommandEntry> = {
  restore: {
    summary:
      'restore --input FILE [--base-url URL] [--dry-run] [--out DIR] [--poll-interval S]   run a bulk restore',
    load: async () => (await import('./commands/restore.js')).restore,
  },
  list: {
    summary:
      'list --input FILE [--base-url URL] [--out FILE]   discover what can be restored; write a bulkRestore input',
    load: async () => (await import('./commands/list.js')).list,
  },
  demo: {
    summary:
      'demo [EXAMPLE.json]   a bulk restore of examples/restore-input.json (all five types), or of another example, against the bundled simulator (npm start)',
    load: async () => (await import('./commands/demo.js')).demo,
  },
  report: {
    summary:
      'report RUN_FOLDER [--open]   rewrite report.html and report.csv from a run folder; open the page',
    load: async () => (await import('./commands/report.js')).report,
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

function usage(): string {
  const lines = Object.values(commands).map((c) => `  clumio-bulk-restore ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n`;
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
  const command = await entry.load();
  return command(rest, io);
}
