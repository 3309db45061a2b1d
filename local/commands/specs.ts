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
const concurrency: OptionSpec = {
  name: 'concurrency',
  value: 'N',
  description:
    "at most N restores in flight at once (default: the stage's restoreConcurrency); local runs only",
};
const stage: OptionSpec = {
  name: 'stage',
  value: 'S',
  description:
    'work on the deployed stack of stage S (AWS credentials of the standard chain) instead of in-process: docs/operate.md',
};
const region: OptionSpec = {
  name: 'region',
  value: 'R',
  description:
    "with --stage: the stack's region (default AWS_REGION, AWS_DEFAULT_REGION, then serverless.yml's)",
};
const runFolder = (deployed: string) => ({
  name: 'RUN_FOLDER',
  description: `a run folder (restore --out DIR, or runs/<run-id>/); with --stage, ${deployed}`,
});
const localRunPolling: OptionSpec = {
  name: 'poll-interval',
  value: 'SECONDS',
  description:
    'wait this many seconds between task polls instead of the schedule (above 0); with --stage, how often the execution is looked at (default 15)',
};

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
    localRunPolling,
    concurrency,
    output,
    quiet,
    stage,
    region,
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
    stage,
    region,
    {
      name: 'poll-interval',
      value: 'SECONDS',
      description: 'with --stage: how often the execution is looked at (default 15)',
    },
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
    'Rewrite report.html and report.csv of a run folder from its report.json (after an upgrade, or for a run copied down from the run bucket); a run that never wrote its report.json (killed) gets one built from its plan, journal and results; --open opens the page.',
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

const operatorEnvironment = [
  'CLUMIO_TOKEN',
  'CLUMIO_BASE_URL',
  'CLUMIO_RETRY_LIMIT',
  'CLUMIO_RETRY_BASE_MS',
] as const;

export const statusSpec: CommandSpec = {
  name: 'status',
  summary:
    "Print a run's table as of now without changing anything: its plan, its journal of starts and any results, and (with a token) one read of each Clumio task not yet ended.",
  positionals: [runFolder('the run id (or a folder whose report.json names it)')],
  options: [
    { ...baseUrl, description: "the Clumio API host to read the tasks from (default: the run's)" },
    {
      name: 'follow',
      description: 'with --stage: follow the execution to its end, then download its reports',
    },
    {
      name: 'out',
      value: 'DIR',
      description: 'with --stage --follow: where the reports go (default runs/<run-id>/)',
    },
    {
      ...localRunPolling,
      description: 'with --stage --follow: how often the execution is looked at (default 15)',
    },
    stage,
    region,
  ],
  environment: [...operatorEnvironment],
  exitCodes: 'status',
};

export const resumeSpec: CommandSpec = {
  name: 'resume',
  summary:
    'Go on with a run that was interrupted (Ctrl-C, kill -9): every restore Clumio accepted is followed by its task id, every restore never sent is started, and one sent without a recorded answer is unknown and not sent again. Then the report, as any run ends.',
  positionals: [runFolder('not available: a deployed run goes on by itself')],
  options: [
    { ...baseUrl, description: "the Clumio API host (default: the run's)" },
    {
      name: 'max-wait',
      value: 'DURATION',
      description: 'how long to wait for each Clumio task before it is timed_out (72h, 90m, 3600)',
    },
    {
      ...localRunPolling,
      description: 'wait this many seconds between task polls instead of the schedule (above 0)',
    },
    concurrency,
  ],
  environment: ['CLUMIO_TOKEN', 'CLUMIO_RETRY_LIMIT', 'CLUMIO_RETRY_BASE_MS', 'POWERTOOLS_LOG_LEVEL'],
  exitCodes: 'resume',
};

export const abortSpec: CommandSpec = {
  name: 'abort',
  summary:
    'Stop a run: it starts no restore any more (its stop is written to the run store, where a run still going sees it), every started Clumio task that has not ended is aborted (PATCH /tasks/{id}), and the report says aborted for each, or why not. Deployed, the execution is stopped too.',
  positionals: [runFolder('the run id (or a folder whose report.json names it)')],
  options: [
    {
      name: 'yes',
      short: 'y',
      description: 'abort without asking (required when standard input is not a terminal)',
    },
    { ...baseUrl, description: "the Clumio API host (default: the run's)" },
    {
      name: 'out',
      value: 'DIR',
      description: 'with --stage: where the report is downloaded (default runs/<run-id>/)',
    },
    stage,
    region,
  ],
  environment: [...operatorEnvironment],
  exitCodes: 'abort',
};

export const rerunSpec: CommandSpec = {
  name: 'rerun',
  summary:
    'Start a new run that sends again, exactly as recorded (same backups, same targets), the restores of an earlier run that did not complete; its report names the earlier run (rerunOf). An unknown restore may have started: it is taken only with --include-unknown, when Clumio lists no restore task of the same resource since its request.',
  positionals: [runFolder('the run id (or a folder whose report.json names it)')],
  options: [
    {
      name: 'only',
      value: 'STATUSES',
      description:
        'the statuses to run again, comma-separated: failed, timed_out, aborted, unknown (default failed,timed_out)',
    },
    {
      name: 'include-unknown',
      description: 'take the unknown restores too, after checking Clumio has no restore task of them',
    },
    { name: 'out', value: 'DIR', description: "the new run's folder (default runs/<run-id>/)" },
    force,
    { name: 'dry-run', short: 'n', description: 'plan only: show what would be sent again, send nothing' },
    { ...baseUrl, description: "the Clumio API host (default: the earlier run's)" },
    {
      name: 'max-wait',
      value: 'DURATION',
      description: 'how long to wait for each Clumio task before it is timed_out (72h, 90m, 3600)',
    },
    localRunPolling,
    concurrency,
    stage,
    region,
  ],
  environment: [...operatorEnvironment, 'POWERTOOLS_LOG_LEVEL'],
  exitCodes: 'rerun',
};

export const commandSpecs = [
  restoreSpec,
  listSpec,
  validateSpec,
  reportSpec,
  statusSpec,
  resumeSpec,
  abortSpec,
  rerunSpec,
  simulateSpec,
  demoSpec,
] as const;
