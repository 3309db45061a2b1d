import type { CommandSpec, OptionSpec } from '../options.js';

/** Every command's options, arguments, environment and exit codes: its parsing and its --help. */

const input: OptionSpec = {
  name: 'input',
  short: 'i',
  value: 'FILE',
  required: true,
  description: 'the input document (JSON); - reads it from standard input',
};
const baseUrl: OptionSpec = {
  name: 'base-url',
  value: 'URL',
  description:
    "the Clumio API host (us-west-2.api.clumio.com, with or without https://; http:// only for loopback); beats CLUMIO_BASE_URL, the input's base_url and the stage default",
};
const output: OptionSpec = {
  name: 'output',
  short: 'o',
  value: 'FORMAT',
  description:
    'text (default) or json: the report as JSON on standard output, everything else on standard error',
};
const quiet: OptionSpec = {
  name: 'quiet',
  short: 'q',
  description: 'print only the final summary line (and errors)',
};
const force: OptionSpec = { name: 'force', description: 'replace what --out holds (an earlier run, a file)' };

export const restoreSpec: CommandSpec = {
  name: 'restore',
  summary:
    'Run a bulk restore: the bulkRestore definition of serverless.yml in-process against Clumio (or the simulator), with live progress, then the table of every restore and the run folder (report.json, report.csv, report.html, plan.json, results/, input.json).',
  options: [
    input,
    baseUrl,
    {
      name: 'dry-run',
      short: 'n',
      description: 'plan only: find every backup and build every request, restore nothing',
    },
    {
      name: 'skip-unplannable',
      description:
        'restore the groups that can be planned and report the others as not_planned (skip_unplannable_groups), instead of starting nothing',
    },
    {
      name: 'out',
      value: 'DIR',
      description: 'the run folder (default runs/<run-id>/); never one that holds a run, unless --force',
    },
    force,
    {
      name: 'max-wait',
      value: 'DURATION',
      description:
        'how long to wait for each Clumio task before it is timed_out (72h, 90m, 3600); default: the schedule of the stage (a real Clumio: ~49 h, polls after 60 s doubling to 900 s; the simulator: ~8 min)',
    },
    {
      name: 'poll-interval',
      value: 'SECONDS',
      description: 'wait this many seconds between task polls instead of the schedule (above 0)',
    },
    output,
    quiet,
  ],
  environment: [
    'CLUMIO_TOKEN',
    'CLUMIO_BASE_URL',
    'CLUMIO_RETRY_LIMIT',
    'CLUMIO_RETRY_BASE_MS',
    'POWERTOOLS_LOG_LEVEL',
  ],
  exitCodes: 'restore',
};

export const listSpec: CommandSpec = {
  name: 'list',
  summary:
    'Discover what can be restored: the bulkList definition in-process; writes a bulkRestore input with one group per asset that has a backup in the window, and prints what it found per account, region and type.',
  options: [
    input,
    baseUrl,
    {
      name: 'out',
      value: 'FILE',
      description:
        'where the bulkRestore input goes (default runs/<run-id>/restore-input.json); never an existing file, unless --force',
    },
    force,
    {
      ...output,
      description:
        'text (default) or json: the list summary as JSON on standard output, everything else on standard error',
    },
    quiet,
  ],
  environment: [
    'CLUMIO_TOKEN',
    'CLUMIO_BASE_URL',
    'CLUMIO_RETRY_LIMIT',
    'CLUMIO_RETRY_BASE_MS',
    'POWERTOOLS_LOG_LEVEL',
  ],
  exitCodes: 'list',
};

export const validateSpec: CommandSpec = {
  name: 'validate',
  summary:
    'Check an input document without contacting Clumio: a bulkRestore input (RestoreGroups) or a bulkList input (source_account, source_asset_types). Prints every problem with its JSON path and every warning.',
  positionals: [{ name: 'FILE', description: 'the document; - reads it from standard input' }],
  options: [
    {
      ...output,
      description: 'text (default) or json: {file, kind, valid, problems, warnings} on standard output',
    },
    { ...quiet, description: 'print only the summary line' },
  ],
  exitCodes: 'validate',
};

export const simulateSpec: CommandSpec = {
  name: 'simulate',
  summary:
    'Serve the bundled Clumio simulator until interrupted; prints its address and the token it accepts.',
  options: [
    {
      name: 'port',
      short: 'p',
      value: 'N',
      description: 'port to listen on (default 8080; 0: any free port)',
    },
    { name: 'host', value: 'HOST', description: 'address to listen on (default 127.0.0.1)' },
    {
      name: 'token',
      value: 'TOKEN',
      description: 'the token it accepts (default clumio-simulator-demo-token)',
    },
    { name: 'seed', value: 'S', description: 'seed of the generated dataset (default 1)' },
    {
      name: 'task-seconds',
      value: 'N',
      description: 'how long each restore task runs, in seconds (default 5)',
    },
    { name: 'no-rate-limit', description: 'serve without the 100 requests/s limit of the real API' },
  ],
  exitCodes: 'simulate',
};

export const reportSpec: CommandSpec = {
  name: 'report',
  summary:
    'Rewrite report.html and report.csv of a run folder from its report.json (after an upgrade, or for a run copied down from the run bucket); --open opens the page.',
  positionals: [
    {
      name: 'RUN_FOLDER',
      description: 'a run folder (restore --out DIR, runs/<run-id>/, or one downloaded from S3)',
    },
  ],
  options: [{ name: 'open', description: "open report.html in the platform's default browser" }],
  exitCodes: 'report',
};

export const demoSpec: CommandSpec = {
  name: 'demo',
  summary:
    'npm start: the simulator on a free port and a real bulk restore of examples/restore-input.json (EBS, EC2, RDS, DynamoDB and protection groups), or of another example, through the bulkRestore definition, exactly as restore runs it.',
  positionals: [
    {
      name: '[EXAMPLE]',
      description:
        "a file of examples/ (default restore-input.json); for one with a search_time the simulator's clock runs two days after it",
    },
  ],
  options: [],
  environment: ['POWERTOOLS_LOG_LEVEL'],
  exitCodes: 'restore',
};

export const commandSpecs = [
  restoreSpec,
  listSpec,
  validateSpec,
  reportSpec,
  simulateSpec,
  demoSpec,
] as const;
