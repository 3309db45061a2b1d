import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { nearest, wrap } from './options.js';
import { commandSpecs } from './commands/specs.js';
import type { Command, CommandIO } from './commands/types.js';
import { projectRoot } from './serverless-config.js';

/** The commands, each loaded only when run (the simulator and the runner are not small). */
const commands = {
  restore: async () => (await import('./commands/restore.js')).restore,
  list: async () => (await import('./commands/list.js')).list,
  validate: async () => (await import('./commands/validate.js')).validate,
  simulate: async () => (await import('./commands/simulate.js')).simulate,
  demo: async () => (await import('./commands/demo.js')).demo,
  report: async () => (await import('./commands/report.js')).report,
} satisfies Record<string, () => Promise<Command>>;

function usage(): string {
  const width = Math.max(...commandSpecs.map((c) => c.name.length)) + 4;
  const lines = commandSpecs.flatMap((c) => {
    const summary = wrap(c.summary, 80 - width);
    return summary.map((l, i) => (i === 0 ? `  ${c.name.padEnd(width - 2)}` : ' '.repeat(width)) + l);
  });
  return (
    'usage: clumio-bulk-restore <command> [options]\n' +
    '(clumio-bulk-restore <command> --help: its options, environment and exit codes)\n\n' +
    `commands:\n${lines.join('\n')}\n\n` +
    'options:\n  -h, --help     print this help\n      --version  print the version\n'
  );
}

function isCommand(name: string): name is keyof typeof commands {
  return Object.hasOwn(commands, name);
}

export async function main(argv: string[], io: CommandIO = process): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(usage());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${(await readFile(join(projectRoot, 'VERSION'), 'utf8')).trim()}\n`);
    return EXIT_OK;
  }
  if (!isCommand(name)) {
    const near = nearest(name, Object.keys(commands));
    io.stderr.write(
      `clumio-bulk-restore: unknown command "${name}"${near === undefined ? '' : `; did you mean "${near}"?`}\n` +
        usage(),
    );
    return EXIT_USAGE;
  }
  const command = await commands[name]();
  return command(rest, io);
}
