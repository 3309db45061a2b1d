import { isRight } from 'fp-ts/lib/Either.js';
import { expect } from 'chai';
import {
  baseUrl,
  matching,
  MAX_TEXT_LENGTH,
  tag,
  tagMap,
  text,
  type FieldCodec,
} from '../../../core/fields.js';
import { describeValue, findingsFromErrors, toProblem, type Problem } from '../../../core/problems.js';

function ok<A>(codec: FieldCodec<A>, value: unknown): A {
  const result = codec.decode(value);
  if (!isRight(result)) return expect.fail(`expected ${JSON.stringify(value).slice(0, 80)} to decode`);
  return result.right;
}

function fail<A>(codec: FieldCodec<A>, value: unknown): Problem[] {
  const result = codec.decode(value);
  if (isRight(result)) return expect.fail(`expected ${JSON.stringify(value).slice(0, 80)} to fail`);
  return findingsFromErrors(result.left, ['f']).map(toProblem);
}

describe('schemas: oversized values and base URLs are refused at validation', () => {
  const longest = 'a'.repeat(MAX_TEXT_LENGTH);
  const tooLong = 'a'.repeat(MAX_TEXT_LENGTH + 1);
  const huge = 'a'.repeat(100 * 1024);
  const over = (n: number) => `expected at most ${MAX_TEXT_LENGTH} characters, got ${n}`;

  it(`text takes up to ${MAX_TEXT_LENGTH} characters and says so beyond`, () => {
    expect(ok(text, longest)).to.equal(longest);
    expect(fail(text, tooLong)).to.deep.equal([{ path: 'f', message: over(MAX_TEXT_LENGTH + 1) }]);
    expect(fail(text, huge)).to.deep.equal([{ path: 'f', message: over(huge.length) }]);
  });

  it('a pattern field refuses an oversized value without quoting all of it', () => {
    const digits = matching('digits', /^\d+$/);
    const [problem] = fail(digits, '1'.repeat(100 * 1024));
    expect(problem?.message).to.equal(`expected digits, got "${'1'.repeat(80)}"… (102400 characters)`);
  });

  it('tag lists and tag maps refuse oversized keys and values, at the member', () => {
    expect(fail(tag, { key: tooLong, value: 'v' })).to.deep.equal([
      { path: 'f.key', message: over(MAX_TEXT_LENGTH + 1) },
    ]);
    expect(fail(tag, { key: 'k', value: huge })).to.deep.equal([
      { path: 'f.value', message: over(huge.length) },
    ]);
    expect(fail(tagMap, { k: huge })).to.deep.equal([{ path: 'f.k', message: over(huge.length) }]);
    expect(ok(tagMap, { k: longest })).to.deep.equal({ k: longest });
  });

  it('describeValue cuts a long string to its first 80 characters and its length', () => {
    expect(describeValue('b'.repeat(80))).to.equal(JSON.stringify('b'.repeat(80)));
    expect(describeValue('b'.repeat(81))).to.equal(`"${'b'.repeat(80)}"… (81 characters)`);
  });

  it('baseUrl: every documented spelling, kept as written; anything else with the reason', () => {
    for (const good of [
      'us-west-2.api.clumio.com',
      'https://us-west-2.api.clumio.com/',
      'http://127.0.0.1:8080',
    ]) {
      expect(ok(baseUrl, good)).to.equal(good);
    }
    expect(fail(baseUrl, 'ftp://api.clumio.com')).to.deep.equal([
      { path: 'f', message: 'Clumio base URL "ftp://api.clumio.com": unsupported scheme ftp:' },
    ]);
    expect(fail(baseUrl, 'http://api.clumio.com')[0]?.message).to.contain(
      'http:// is allowed only for loopback hosts',
    );
    expect(fail(baseUrl, 42)).to.deep.equal([{ path: 'f', message: 'expected a non-empty string, got 42' }]);
    expect(fail(baseUrl, huge)).to.deep.equal([{ path: 'f', message: over(huge.length) }]);
  });
});
