import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';

import {
  folderRunFiles,
  newRunId,
  runKeyOf,
  RunFileError,
  s3RunFiles,
  type RunFiles,
} from '../../../workflows/run-store.js';

const RUN = '20261125T143501Z-k3f9q2';
const BUCKET = 'clumio-bulk-restore-dev-runs';

/** The error a promise rejects with (chai alone has no promise assertions). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

/** A GetObject body reduced to the one method the store reads. */
function body(text: string): GetObjectCommandOutput['Body'] {
  const bytes = Buffer.from(text, 'utf8');
  return {
    transformToString: (encoding?: BufferEncoding) => Promise.resolve(bytes.toString(encoding)),
  } as unknown as GetObjectCommandOutput['Body'];
}

const noSuchKey = (): NoSuchKey =>
  new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });

/** Every file under dir, relative, '/'-separated, sorted. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
}

describe('workflows/run-store', () => {
  describe('newRunId', () => {
    it('is the UTC second of now and 6 base36 characters', () => {
      const draws = [0, 0.5, 0.999, 0.1, 0.75, 0.3];
      const id = newRunId(new Date('2026-11-25T14:35:01.987Z'), () => draws.shift() ?? 0);
      expect(id).to.equal('20261125T143501Z-0iz3ra');
    });

    it('uses UTC whatever offset the date was written with', () => {
      expect(newRunId(new Date('2026-11-26T01:35:01+11:00'), () => 0)).to.equal('20261125T143501Z-000000');
    });

    it('keeps a random() of exactly 1 to one character', () => {
      expect(newRunId(new Date('2026-01-02T03:04:05Z'), () => 1)).to.equal('20260102T030405Z-zzzzzz');
    });

    it('is a valid Step Functions execution name and S3 key segment, random by default', () => {
      const id = newRunId(new Date());
      expect(id).to.match(/^\d{8}T\d{6}Z-[0-9a-z]{6}$/);
      expect(id).to.have.length.at.most(80);
      expect(newRunId(new Date())).not.to.equal(id);
    });

    it('sorts in start-time order', () => {
      const times = [
        '2026-11-25T14:35:01Z',
        '2026-11-25T14:35:02Z',
        '2026-11-25T15:00:00Z',
        '2026-12-01T00:00:00Z',
        '2027-01-01T00:00:00Z',
      ];
      // Late seconds get low suffixes, early ones high, so only the stamp can order them.
      const ids = times.map((t, i) => newRunId(new Date(t), () => 1 - i / times.length));
      expect([...ids].reverse().sort()).to.deep.equal(ids);
    });
  });

  describe('runKeyOf', () => {
    it('is the inverse of locate for both stores', () => {
      for (const files of [s3RunFiles(BUCKET, RUN, new S3Client({})), folderRunFiles('/tmp/x', RUN)]) {
        for (const key of ['plan.json', 'groups/3.json', 'results/abc-123/manifest.json']) {
          expect(runKeyOf(RUN, files.locate(key).key)).to.equal(key);
        }
      }
    });

    it('throws when the key is not under runs/<id>/', () => {
      expect(() => runKeyOf(RUN, 'runs/other-run/plan.json')).to.throw(
        RangeError,
        `object key "runs/other-run/plan.json" is not a file of run ${RUN}: expected it under runs/${RUN}/`,
      );
      expect(() => runKeyOf(RUN, 'plan.json')).to.throw(RangeError, 'is not a file of run');
      expect(() => runKeyOf(RUN, `runs/${RUN}`)).to.throw(RangeError, 'is not a file of run');
    });

    it('throws when what follows is not a valid key', () => {
      expect(() => runKeyOf(RUN, `runs/${RUN}/`)).to.throw(
        RangeError,
        'invalid run file key "": it is empty',
      );
      expect(() => runKeyOf(RUN, `runs/${RUN}/../x.json`)).to.throw(RangeError, "'..' segment");
    });
  });

  describe('key and run id validation (both stores)', () => {
    const stores = (): RunFiles[] => [
      s3RunFiles(BUCKET, RUN, new S3Client({})),
      folderRunFiles('/tmp/x', RUN),
    ];

    it('rejects keys that S3 and a folder would not read alike', async () => {
      const bad: [string, string][] = [
        ['', 'invalid run file key "": it is empty'],
        ['/plan.json', `invalid run file key "/plan.json": it starts with '/'`],
        ['groups\\1.json', `invalid run file key "groups\\1.json": it contains '\\'`],
        ['../plan.json', `invalid run file key "../plan.json": it has an empty, '.' or '..' segment`],
        ['groups/../../x', "'..' segment"],
        ['groups//1.json', "'..' segment"],
        ['./plan.json', "'..' segment"],
        ['groups/', "'..' segment"],
      ];
      for (const files of stores()) {
        for (const [key, message] of bad) {
          expect(() => files.where(key), key).to.throw(RangeError, message);
          expect(() => files.locate(key), key).to.throw(RangeError, message);
          for (const attempt of [
            files.putJson(key, {}),
            files.putText(key, 'x', 'text/plain'),
            files.getJson(key),
            files.getText(key),
          ]) {
            const error = await rejection(attempt);
            expect(error, key).to.be.instanceOf(RangeError);
            expect(error.message, key).to.contain(message);
          }
        }
      }
    });

    it('rejects list prefixes that are not a key, a key with a trailing /, or empty', async () => {
      for (const files of stores()) {
        for (const prefix of ['/', '../', 'a//', '/groups']) {
          expect(await rejection(files.list(prefix)), prefix).to.be.instanceOf(RangeError);
        }
      }
    });

    it('rejects run ids that cannot be an execution name or key segment', () => {
      for (const id of ['', 'a/b', '../x', 'has space', '-leading', 'x'.repeat(81)]) {
        const message = `invalid run id "${id}": use 1 to 80 letters, digits, '-' or '_'`;
        expect(() => s3RunFiles(BUCKET, id), id).to.throw(RangeError, message);
        expect(() => folderRunFiles('/tmp/x', id), id).to.throw(RangeError, message);
        expect(() => runKeyOf(id, `runs/${id}/plan.json`), id).to.throw(RangeError, message);
      }
    });
  });

  describe('folderRunFiles', () => {
    let dir: string;
    let files: RunFiles;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'run-store-'));
      files = folderRunFiles(join(dir, 'runs', RUN), RUN);
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('names files by absolute path and locates them in the pseudo bucket', () => {
      expect(files.runId).to.equal(RUN);
      expect(files.where('groups/3.json')).to.equal(join(dir, 'runs', RUN, 'groups', '3.json'));
      expect(folderRunFiles('relative/out', RUN).where('report.json')).to.equal(
        join(process.cwd(), 'relative', 'out', 'report.json'),
      );
      expect(files.locate('results/m1/manifest.json')).to.deep.equal({
        bucket: 'local',
        key: `runs/${RUN}/results/m1/manifest.json`,
      });
    });

    it('round-trips JSON and text, creating parent folders, writing compact UTF-8 JSON', async () => {
      const plan = { records: [{ groupIndex: 0, name: 'café ☕' }], total: 1 };
      await files.putJson('plan.json', plan);
      await files.putJson('groups/0.json', [1, 2]);
      await files.putText('report.csv', 'a,b\r\n1,2\r\n', 'text/csv; charset=utf-8');

      expect(await files.getJson('plan.json')).to.deep.equal(plan);
      expect(await files.getJson<number[]>('groups/0.json')).to.deep.equal([1, 2]);
      expect(await files.getText('report.csv')).to.equal('a,b\r\n1,2\r\n');
      expect(await readFile(join(dir, 'runs', RUN, 'plan.json'), 'utf8')).to.equal(
        '{"records":[{"groupIndex":0,"name":"café ☕"}],"total":1}',
      );
    });

    it('replaces a file on a second write and leaves no temp files behind', async () => {
      await files.putJson('results/m1/SUCCEEDED_0.json', { n: 1 });
      await files.putJson('results/m1/SUCCEEDED_0.json', { n: 2 });
      await files.putText('report.json', '{}', 'application/json');
      expect(await files.getJson('results/m1/SUCCEEDED_0.json')).to.deep.equal({ n: 2 });
      expect(await filesUnder(dir)).to.deep.equal([
        `runs/${RUN}/report.json`,
        `runs/${RUN}/results/m1/SUCCEEDED_0.json`,
      ]);
    });

    it('cleans up its temp file when the write fails and keeps the old file whole', async () => {
      await files.putJson('plan.json', { old: true });
      // A folder where the target should be makes the final rename fail after the temp file is written.
      await mkdir(join(dir, 'runs', RUN, 'groups', '1.json'), { recursive: true });
      const error = await rejection(files.putJson('groups/1.json', { new: true }));
      expect((error as NodeJS.ErrnoException).code).to.be.oneOf(['EISDIR', 'ENOTEMPTY', 'EEXIST', 'EPERM']);
      expect(await readdir(join(dir, 'runs', RUN, 'groups'))).to.deep.equal(['1.json']);
      expect(await files.getJson('plan.json')).to.deep.equal({ old: true });
    });

    it('refuses a value without a JSON form instead of writing "undefined"', async () => {
      const error = await rejection(files.putJson('plan.json', undefined));
      expect(error).to.be.instanceOf(TypeError);
      expect(error.message).to.equal(
        `cannot write ${join(dir, 'runs', RUN, 'plan.json')}: the value has no JSON form`,
      );
      expect(await files.list('')).to.deep.equal([]);
    });

    it('lists run-relative keys under a prefix, recursive and sorted, ignoring temp files', async () => {
      for (const key of ['groups/10.json', 'groups/2.json', 'groups/1.json', 'plan.json', 'report.csv']) {
        await files.putText(key, 'x', 'text/plain');
      }
      await files.putJson('results/m1/manifest.json', {});
      await files.putJson('results/m1/SUCCEEDED_0.json', []);
      // What a crash in the middle of a write leaves.
      await writeFile(join(dir, 'runs', RUN, 'results', 'm1', '.manifest.json.0123456789ab.tmp'), '{"ha');

      expect(await files.list('')).to.deep.equal([
        'groups/1.json',
        'groups/10.json',
        'groups/2.json',
        'plan.json',
        'report.csv',
        'results/m1/SUCCEEDED_0.json',
        'results/m1/manifest.json',
      ]);
      expect(await files.list('groups/')).to.deep.equal(['groups/1.json', 'groups/10.json', 'groups/2.json']);
      expect(await files.list('groups/1')).to.deep.equal(['groups/1.json', 'groups/10.json']);
      expect(await files.list('results')).to.deep.equal([
        'results/m1/SUCCEEDED_0.json',
        'results/m1/manifest.json',
      ]);
      expect(await files.list('results/m1/man')).to.deep.equal(['results/m1/manifest.json']);
      expect(await files.list('report')).to.deep.equal(['report.csv']);
      expect(await files.list('nothing/here/')).to.deep.equal([]);
      expect(await files.list('plan.json/')).to.deep.equal([]);
    });

    it('lists nothing when the run folder does not exist yet', async () => {
      expect(await folderRunFiles(join(dir, 'never'), RUN).list('')).to.deep.equal([]);
    });

    it('names the file when it is missing or not JSON', async () => {
      const missing = await rejection(files.getJson('plan.json'));
      expect(missing).to.be.instanceOf(RunFileError);
      expect(missing).to.include({
        reason: 'missing',
        where: join(dir, 'runs', RUN, 'plan.json'),
        message: `run file not found: ${join(dir, 'runs', RUN, 'plan.json')}`,
      });
      expect((await rejection(files.getText('groups/9.json'))).message).to.equal(
        `run file not found: ${join(dir, 'runs', RUN, 'groups', '9.json')}`,
      );

      await files.putText('plan.json', '{"records": [', 'application/json');
      const broken = await rejection(files.getJson('plan.json'));
      expect(broken).to.be.instanceOf(RunFileError);
      expect(broken).to.include({ reason: 'not-json', where: join(dir, 'runs', RUN, 'plan.json') });
      expect(broken.message).to.match(
        new RegExp(
          `^run file is not valid JSON: ${join(dir, 'runs', RUN, 'plan.json')} \\(SyntaxError: .+\\)$`,
        ),
      );
      expect(broken.cause).to.be.instanceOf(SyntaxError);
    });
  });

  describe('s3RunFiles', () => {
    const s3 = mockClient(S3Client);
    let files: RunFiles;
    beforeEach(() => {
      s3.reset();
      files = s3RunFiles(BUCKET, RUN, new S3Client({}));
    });

    it('names objects by s3:// URL and locates them in the run bucket', () => {
      expect(files.runId).to.equal(RUN);
      expect(files.where('report.json')).to.equal(`s3://${BUCKET}/runs/${RUN}/report.json`);
      expect(files.locate('plan.json')).to.deep.equal({ bucket: BUCKET, key: `runs/${RUN}/plan.json` });
    });

    it('puts compact JSON and text with their content types under runs/<id>/', async () => {
      s3.on(PutObjectCommand).resolves({});
      await files.putJson('groups/3.json', { records: [{ id: 'a' }], n: 1 });
      await files.putText('report.csv', 'a,b\r\n', 'text/csv; charset=utf-8');
      expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).to.deep.equal([
        {
          Bucket: BUCKET,
          Key: `runs/${RUN}/groups/3.json`,
          Body: '{"records":[{"id":"a"}],"n":1}',
          ContentType: 'application/json',
        },
        {
          Bucket: BUCKET,
          Key: `runs/${RUN}/report.csv`,
          Body: 'a,b\r\n',
          ContentType: 'text/csv; charset=utf-8',
        },
      ]);
      expect(s3.calls()).to.have.length(2);
    });

    it('gets JSON and text from runs/<id>/<key>', async () => {
      s3.on(GetObjectCommand, { Bucket: BUCKET, Key: `runs/${RUN}/plan.json` }).resolves({
        Body: body('{"records":[],"name":"café"}'),
      });
      s3.on(GetObjectCommand, { Bucket: BUCKET, Key: `runs/${RUN}/report.csv` }).resolves({
        Body: body('x,y'),
      });
      expect(await files.getJson('plan.json')).to.deep.equal({ records: [], name: 'café' });
      expect(await files.getText('report.csv')).to.equal('x,y');
      expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).to.deep.equal([
        { Bucket: BUCKET, Key: `runs/${RUN}/plan.json` },
        { Bucket: BUCKET, Key: `runs/${RUN}/report.csv` },
      ]);
    });

    it('reads an object without a body as empty text', async () => {
      s3.on(GetObjectCommand).resolves({});
      expect(await files.getText('report.csv')).to.equal('');
    });

    it('names the s3:// object when it is missing (NoSuchKey) or not JSON', async () => {
      s3.on(GetObjectCommand, { Key: `runs/${RUN}/plan.json` }).rejects(noSuchKey());
      const missing = await rejection(files.getJson('plan.json'));
      expect(missing).to.be.instanceOf(RunFileError);
      expect(missing).to.include({
        reason: 'missing',
        where: `s3://${BUCKET}/runs/${RUN}/plan.json`,
        message: `run file not found: s3://${BUCKET}/runs/${RUN}/plan.json`,
      });

      s3.on(GetObjectCommand, { Key: `runs/${RUN}/report.json` }).resolves({ Body: body('<html>') });
      const broken = await rejection(files.getJson('report.json'));
      expect(broken).to.include({ reason: 'not-json', where: `s3://${BUCKET}/runs/${RUN}/report.json` });
      expect(broken.message).to.match(
        new RegExp(
          `^run file is not valid JSON: s3://${BUCKET}/runs/${RUN}/report.json \\(SyntaxError: .+\\)$`,
        ),
      );
    });

    it('passes other S3 errors through unchanged', async () => {
      const denied = new S3ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'Access Denied',
      });
      s3.on(GetObjectCommand).rejects(denied);
      expect(await rejection(files.getText('plan.json'))).to.equal(denied);
    });

    it('lists across pages with the continuation token, run-relative and sorted', async () => {
      s3.on(ListObjectsV2Command, { Prefix: `runs/${RUN}/results/` })
        .resolvesOnce({
          IsTruncated: true,
          NextContinuationToken: 'page-2',
          Contents: [
            { Key: `runs/${RUN}/results/m1/manifest.json` },
            { Key: `runs/${RUN}/results/m1/` },
            { Key: `runs/${RUN}/results/m1/SUCCEEDED_1.json` },
          ],
        })
        .resolvesOnce({
          IsTruncated: false,
          Contents: [
            { Key: `runs/${RUN}/results/m1/FAILED_0.json` },
            { Key: `runs/${RUN}/results/m1/SUCCEEDED_0.json` },
          ],
        });

      expect(await files.list('results/')).to.deep.equal([
        'results/m1/FAILED_0.json',
        'results/m1/SUCCEEDED_0.json',
        'results/m1/SUCCEEDED_1.json',
        'results/m1/manifest.json',
      ]);
      expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).to.deep.equal([
        { Bucket: BUCKET, Prefix: `runs/${RUN}/results/` },
        { Bucket: BUCKET, Prefix: `runs/${RUN}/results/`, ContinuationToken: 'page-2' },
      ]);
    });

    it('shares one client across stores made without one (Lambda container reuse)', async () => {
      s3.on(PutObjectCommand).resolves({});
      await s3RunFiles(BUCKET, RUN).putJson('a.json', 1);
      await s3RunFiles('other-bucket', 'other-run').putJson('b.json', 2);
      const [first, second] = s3.commandCalls(PutObjectCommand);
      expect(first?.thisValue).to.be.instanceOf(S3Client);
      expect(second?.thisValue).to.equal(first?.thisValue);
      expect(second?.args[0].input).to.include({ Bucket: 'other-bucket', Key: 'runs/other-run/b.json' });
    });

    it('lists the whole run for an empty prefix, and nothing for an empty page', async () => {
      s3.on(ListObjectsV2Command).resolves({ IsTruncated: false, KeyCount: 0 });
      expect(await files.list('')).to.deep.equal([]);
      expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input).to.deep.equal({
        Bucket: BUCKET,
        Prefix: `runs/${RUN}/`,
      });
    });
  });
});
