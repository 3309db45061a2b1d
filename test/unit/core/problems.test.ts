import { expect } from 'chai';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';

import {
  describeChoices,
  describeValue,
  findingsFromErrors,
  formatPath,
  sortInDocumentOrder,
  toProblem,
} from '../../../core/problems.js';

function errorsOf<A>(codec: t.Type<A, unknown, unknown>, value: unknown): t.Errors {
  const result = codec.decode(value);
  if (!isLeft(result)) return expect.fail('expected a decode failure');
  return result.left;
}

describe('schemas/problems', () => {
  it('formatPath writes keys with dots, indices in brackets and odd keys quoted', () => {
    expect(formatPath(['RestoreGroups', 3, 'target_az'])).to.equal('RestoreGroups[3].target_az');
    expect(formatPath(['DefaultInput', 'EBS', 'target_iops'])).to.equal('DefaultInput.EBS.target_iops');
    expect(formatPath(['RestoreGroups', 0, 'append_tags', 'cost center'])).to.equal(
      'RestoreGroups[0].append_tags["cost center"]',
    );
    expect(formatPath(['RestoreGroups', 0, 'append_tags', 'cost-center'])).to.equal(
      'RestoreGroups[0].append_tags.cost-center',
    );
    expect(formatPath([])).to.equal('');
  });

  it('describeValue says what was got without dumping containers', () => {
    expect(describeValue('gp9')).to.equal('"gp9"');
    expect(describeValue('')).to.equal('an empty string');
    expect(describeValue(3)).to.equal('3');
    expect(describeValue(false)).to.equal('false');
    expect(describeValue(null)).to.equal('null');
    expect(describeValue(undefined)).to.equal('nothing');
    expect(describeValue([])).to.equal('an empty list');
    expect(describeValue([1])).to.equal('a list');
    expect(describeValue({ a: 1 })).to.equal('an object');
  });

  it('describeChoices', () => {
    expect(describeChoices(['before', 'after'])).to.equal('"before" or "after"');
    expect(describeChoices(['a', 'b', 'c'], false)).to.equal('one of a, b, c');
  });

  describe('findingsFromErrors', () => {
    it('builds the path from the io-ts context under a base path', () => {
      const codec = t.type({ tags: t.array(t.type({ key: t.string })) });
      const findings = findingsFromErrors(errorsOf(codec, { tags: [{ key: 'a' }, { key: 5 }] }), [
        'RestoreGroups',
        2,
      ]);
      expect(findings.map(toProblem)).to.deep.equal([
        { path: 'RestoreGroups[2].tags[1].key', message: 'expected string, got 5' },
      ]);
    });

    it('skips the branch entries of unions and keeps a codec message', () => {
      const codec = t.type({ n: t.union([t.number, t.string]) });
      const paths = findingsFromErrors(errorsOf(codec, { n: true }), []).map((f) => formatPath(f.path));
      expect(paths).to.deep.equal(['n', 'n']);
      const messages = findingsFromErrors(errorsOf(codec, { n: true }), []).map((f) => f.message);
      expect(messages).to.deep.equal(['expected number, got true', 'expected string, got true']);
    });

    it('drops repeated findings and words "required" as asked', () => {
      const required = new t.Type<string, string, unknown>(
        'x',
        t.string.is,
        (u, c) => (u === undefined ? t.failure(u, c, 'required') : t.string.validate(u, c)),
        t.identity,
      );
      const codec = t.type({ a: required });
      const errors = errorsOf(codec, {});
      const findings = findingsFromErrors([...errors, ...errors], ['G'], { required: 'required for EBS' });
      expect(findings.map(toProblem)).to.deep.equal([{ path: 'G.a', message: 'required for EBS' }]);
    });
  });

  it('sortInDocumentOrder follows the order of keys and indices in the document; absent paths last', () => {
    const document = { b: 1, a: [{ y: 1, x: 2 }, { z: 1 }] };
    const findings = [
      { path: ['a', 1, 'z'], message: '4' },
      { path: ['missing'], message: '5' },
      { path: ['a', 0, 'x'], message: '3' },
      { path: ['a', 0, 'y'], message: '2' },
      { path: ['b'], message: '1' },
      { path: ['a', 0, 'absent'], message: '3b' },
    ];
    expect(sortInDocumentOrder(findings, document).map((f) => f.message)).to.deep.equal([
      '1',
      '2',
      '3',
      '3b',
      '4',
      '5',
    ]);
  });
});
