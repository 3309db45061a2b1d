import { expect } from 'chai';

import {
  helpText,
  nearest,
  parseCommandLine,
  parseDuration,
  positiveSeconds,
  UsageError,
  usageLine,
  wrap,
  type CommandSpec,
} from '../../../local/options.js';

const spec: CommandSpec = {
  name: 'try',
  summary: 'A command to try the parser with.',
  positionals: [{ name: 'FILE', description: 'a file' }],
  options: [
    { name: 'input', short: 'i', value: 'FILE', required: true, description: 'the input' },
    { name: 'dry-run', description: 'plan only' },
  ],
  environment: ['CLUMIO_TOKEN'],
  exitCodes: 'restore',
};

const usageError = (args: string[]): string => {
  try {
    parseCommandLine(spec, args);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`no usage error for ${args.join(' ')}`);
};

describe('local/options: one parser and its help, from one table', () => {
  it('parses the options of the table, short and long, and positionals', () => {
    expect(parseCommandLine(spec, ['-i', 'a.json', '--dry-run', 'f'])).to.deep.equal({
      help: false,
      values: { input: 'a.json', 'dry-run': true },
      positionals: ['f'],
    });
    expect(parseCommandLine(spec, ['--input=b.json'])).to.deep.include({ values: { input: 'b.json' } });
    expect(parseCommandLine(spec, ['-h'])).to.deep.equal({ help: true });
    // --help wins over everything else, even a missing required option.
    expect(parseCommandLine(spec, ['--bogus-not', '--help'].slice(1))).to.deep.equal({ help: true });
  });

  it('says what is wrong in its own words, naming the nearest option', () => {
    expect(usageError(['--inptu', 'x'])).to.equal('unknown option --inptu (did you mean --input?)');
    expect(usageError(['--dryrun', '-i', 'x'])).to.equal('unknown option --dryrun (did you mean --dry-run?)');
    expect(usageError(['--zzz', '-i', 'x'])).to.equal('unknown option --zzz');
    expect(usageError(['--input'])).to.equal('--input needs a value (FILE)');
    expect(usageError(['--dry-run=yes', '-i', 'x'])).to.equal('--dry-run takes no value');
    expect(usageError([])).to.equal('--input FILE is required');
    expect(usageError(['-i', 'x', 'a', 'b'])).to.equal('unexpected argument "b"');
  });

  it('writes the help from the same table: usage, every option, the environment, the exit codes', () => {
    const help = helpText(spec);
    expect(usageLine(spec)).to.equal('clumio-bulk-restore try --input FILE [options] FILE');
    expect(help.split('\n').slice(0, 10)).to.deep.equal([
      'usage: clumio-bulk-restore try --input FILE [options] FILE',
      '',
      'A command to try the parser with.',
      '',
      'arguments:',
      '  FILE                    a file',
      '',
      'options:',
      '  -i, --input FILE        the input',
      '      --dry-run           plan only',
    ]);
    expect(help).to.contain('  -h, --help              print this help and exit\n');
    expect(help).to.contain('environment:\n  CLUMIO_TOKEN            the Clumio API token');
    expect(help).to.match(/\nexit codes:\n {2}0 {2}ok: [^\n]+\n(\s+[^\n]+\n)* {2}1 {2}incomplete: /);
    for (const line of help.split('\n')) expect(line.length, line).to.be.at.most(80);
  });

  it('nearest: a likely typo or a prefix, else nothing', () => {
    const commands = ['restore', 'list', 'validate', 'report', 'simulate', 'demo'];
    expect(nearest('restor', commands)).to.equal('restore');
    expect(nearest('reprot', commands)).to.equal('report');
    expect(nearest('sim', commands)).to.equal('simulate');
    expect(nearest('deploy', commands)).to.equal(undefined);
  });

  it('wrap: words in lines of at most the width, a longer word whole on its own line', () => {
    expect(wrap('one two three four', 9)).to.deep.equal(['one two', 'three', 'four']);
    expect(wrap('vol-0123456789abcdef0 x', 5)).to.deep.equal(['vol-0123456789abcdef0', 'x']);
  });

  it('durations and seconds', () => {
    expect(parseDuration('max-wait', '72h')).to.equal(259_200);
    expect(parseDuration('max-wait', '1h30m')).to.equal(5400);
    expect(parseDuration('max-wait', '2d')).to.equal(172_800);
    expect(parseDuration('max-wait', '90')).to.equal(90);
    expect(parseDuration('max-wait', '0.25')).to.equal(0.25);
    expect(() => parseDuration('max-wait', '3 days')).to.throw(UsageError, '--max-wait must be a duration');
    expect(positiveSeconds('poll-interval', '30')).to.equal(30);
    expect(positiveSeconds('poll-interval', '0.5')).to.equal(0.5);
    for (const bad of ['0', '0.0', '-1', 'x', '']) {
      expect(() => positiveSeconds('poll-interval', bad), bad).to.throw(UsageError, 'above 0');
    }
  });
});
