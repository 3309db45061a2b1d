import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';

import { main } from '../../../../local/cli.js';
import type { CommandIO } from '../../../../local/commands/types.js';
import { validate } from '../../../../local/commands/validate.js';

interface Captured {
  readonly io: CommandIO;
  stdout(): string;
  stderr(): string;
}

function capture(): Captured {
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    return { stream, text: () => chunks.join('') };
  };
  const out = sink();
  const err = sink();
  return { io: { stdout: out.stream, stderr: err.stream, env: {} }, stdout: out.text, stderr: err.text };
}

const EBS = {
  ResourceType: 'EBS',
  source_account: '111111111111',
  source_region: 'us-east-1',
  target_az: 'us-east-1a',
};

describe('local/commands/validate', () => {
  let dir: string;
  const file = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'validate-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('exit 0 and a summary with the groups per type for a valid input', async () => {
    const path = file('ok.json', {
      RestoreGroups: [
        EBS,
        { ...EBS, target_az: 'us-east-1b' },
        {
          ResourceType: 'DynamoDB',
          source_account: '111111111111',
          source_region: 'us-east-1',
          change_set_name: 'dr',
        },
      ],
    });
    const c = capture();
    expect(await validate([path], c.io)).to.equal(0);
    expect(c.stdout()).to.equal(`${path}: valid bulkRestore input — 3 groups (EBS 2, DynamoDB 1)\n`);
    expect(c.stderr()).to.equal('');
  });

  it('prints warnings and still exits 0', async () => {
    const path = file('warn.json', { debug: 1, foo: 1, RestoreGroups: [{ ...EBS, bar: 2 }] });
    const c = capture();
    expect(await validate([path], c.io)).to.equal(0);
    expect(c.stdout()).to.equal(
      [
        'warning: foo: unknown field, ignored',
        'warning: RestoreGroups[0].bar: unknown field, ignored',
        `${path}: valid bulkRestore input — 1 group (EBS 1), 2 warnings`,
        '',
      ].join('\n'),
    );
  });

  it('prints every problem, then the warnings and the count; exit 2', async () => {
    const path = file('bad.json', {
      RestoreGroups: [
        { ResourceType: 'EBS', source_account: '111111111111', source_region: 'us-east-1', extra: 1 },
        { ...EBS, search_direction: 'sideways' },
        { ResourceType: 'S3' },
      ],
    });
    const c = capture();
    expect(await validate([path], c.io)).to.equal(2);
    expect(c.stdout()).to.equal(
      [
        'error: RestoreGroups[0].target_az: required for EBS',
        'error: RestoreGroups[1].search_direction: expected "before" or "after", got "sideways"',
        'error: RestoreGroups[2].ResourceType: unknown ResourceType, expected one of EBS, EC2, RDS, DynamoDB, ProtectionGroup, got "S3"',
        'warning: RestoreGroups[0].extra: unknown field, ignored',
        `${path}: bulkRestore input with 3 problems, 1 warning`,
        '',
      ].join('\n'),
    );
  });

  it('a problem of the whole document has no path', async () => {
    const path = file('list.json', [EBS]);
    const c = capture();
    expect(await validate([path], c.io)).to.equal(2);
    expect(c.stdout()).to.equal(
      `error: expected a JSON object with RestoreGroups, got a list\n${path}: bulkRestore input with 1 problem\n`,
    );
  });

  it('a JSON syntax error gives its line and column; exit 2', async () => {
    const path = file('syntax.json', '{\n  "RestoreGroups": [\n    {"ResourceType": "EBS",}\n  ]\n}\n');
    const c = capture();
    expect(await validate([path], c.io)).to.equal(2);
    expect(c.stdout()).to.equal(
      `error: ${path}:3:28: invalid JSON: unexpected "}", expected a double-quoted property name\n${path}: not valid JSON\n`,
    );
  });

  it('never prints the token, whatever goes wrong', async () => {
    const token = 'secret-token-123';
    const invalid = file('token.json', {
      clumio_token: token,
      RestoreGroups: [{ ...EBS, target_az: token, search_tag_key: token }],
    });
    const broken = file('token-syntax.json', `{"clumio_token": "${token}", "RestoreGroups": [${token}]}`);
    for (const path of [invalid, broken]) {
      const c = capture();
      expect(await validate([path], c.io)).to.equal(2);
      expect(c.stdout() + c.stderr()).not.to.include(token);
      expect(c.stdout()).to.include('error: ');
    }
  });

  it('a missing file: a message on stderr, exit 2', async () => {
    const path = join(dir, 'nope.json');
    const c = capture();
    expect(await validate([path], c.io)).to.equal(2);
    expect(c.stderr()).to.equal(`clumio-bulk-restore validate: cannot read ${path}: no such file\n`);
    expect(c.stdout()).to.equal('');
  });

  it('a directory instead of a file: a message, exit 2', async () => {
    const c = capture();
    expect(await validate([dir], c.io)).to.equal(2);
    expect(c.stderr()).to.equal(`clumio-bulk-restore validate: cannot read ${dir}: it is a directory\n`);
  });

  it('usage on stderr and exit 2 without exactly one FILE; --help on stdout, exit 0', async () => {
    for (const [args, why] of [
      [[], 'FILE is required'],
      [['a.json', 'b.json'], 'unexpected argument "b.json"'],
      [['--strict'], 'unknown option --strict'],
    ] as const) {
      const c = capture();
      expect(await validate([...args], c.io), JSON.stringify(args)).to.equal(2);
      expect(c.stderr()).to.equal(
        `clumio-bulk-restore validate: ${why}\nusage: clumio-bulk-restore validate [options] FILE\n` +
          '(clumio-bulk-restore validate --help lists every option)\n',
      );
    }
    const c = capture();
    expect(await validate(['--help'], c.io)).to.equal(0);
    expect(c.stdout()).to.match(/^usage: clumio-bulk-restore validate \[options\] FILE\n/);
  });

  it('recognises a bulkList input and validates it as one', async () => {
    const ok = file('list.json', {
      source_account: '111111111111',
      source_regions: ['us-east-1'],
      source_asset_types: { EBS: {}, RDS: {} },
    });
    const c = capture();
    expect(await validate([ok], c.io)).to.equal(0);
    expect(c.stdout()).to.equal(
      `${ok}: valid bulkList input — account 111111111111, 2 types (EBS, RDS), us-east-1\n`,
    );
    const bad = file('list-bad.json', { source_account: 'prod', source_asset_types: { Tape: {} } });
    const b = capture();
    expect(await validate([bad], b.io)).to.equal(2);
    expect(b.stdout()).to.equal(
      [
        'error: source_account: expected a 12-digit AWS account id, got "prod"',
        'error: source_asset_types.Tape: unknown ResourceType, expected one of EBS, EC2, RDS, DynamoDB, ProtectionGroup, got "Tape"',
        `${bad}: bulkList input with 2 problems`,
        '',
      ].join('\n'),
    );
  });

  it('reads standard input for -, prints JSON with --output json, only the summary with --quiet', async () => {
    const c = capture();
    const stdin = Readable.from([JSON.stringify({ foo: 1, RestoreGroups: [EBS] })]);
    expect(await validate(['-'], { ...c.io, stdin })).to.equal(0);
    expect(c.stdout()).to.equal(
      'warning: foo: unknown field, ignored\nstandard input: valid bulkRestore input — 1 group (EBS 1), 1 warning\n',
    );
    const path = file('bad.json', { RestoreGroups: [{ ResourceType: 'EBS' }] });
    const j = capture();
    expect(await validate(['--output', 'json', path], j.io)).to.equal(2);
    const verdict = JSON.parse(j.stdout()) as Record<string, unknown>;
    expect(verdict).to.deep.include({ file: path, kind: 'bulkRestore', valid: false, warnings: [] });
    expect(verdict.problems).to.deep.include({
      path: 'RestoreGroups[0].source_account',
      message: 'required for EBS',
    });
    const q = capture();
    expect(await validate(['--quiet', path], q.io)).to.equal(2);
    expect(q.stdout()).to.equal(`${path}: bulkRestore input with 3 problems\n`);
  });

  it('is what `clumio-bulk-restore validate` runs', async () => {
    const path = file('cli.json', { RestoreGroups: [EBS] });
    const c = capture();
    expect(await main(['validate', path], c.io)).to.equal(0);
    expect(c.stdout()).to.equal(`${path}: valid bulkRestore input — 1 group (EBS 1)\n`);
  });
});
