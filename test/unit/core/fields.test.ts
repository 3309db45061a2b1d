import { expect } from 'chai';
import { isRight } from 'fp-ts/lib/Either.js';

import {
  account,
  availabilityZone,
  flag,
  isUnset,
  listOf,
  nonNegativeInt,
  oneOf,
  optional,
  positiveInt,
  region,
  required,
  strictObject,
  tagList,
  tagMap,
  text,
  timestamp,
  withDefault,
  zoneInRegion,
  type FieldCodec,
} from '../../../core/fields.js';
import { findingsFromErrors, toProblem, type Problem } from '../../../core/problems.js';

function ok<A>(codec: FieldCodec<A>, value: unknown): A {
  const result = codec.decode(value);
  if (!isRight(result)) return expect.fail(`expected ${JSON.stringify(value)} to decode`);
  return result.right;
}

function fail<A>(codec: FieldCodec<A>, value: unknown): Problem[] {
  const result = codec.decode(value);
  if (isRight(result)) return expect.fail(`expected ${JSON.stringify(value)} to fail`);
  return findingsFromErrors(result.left, ['f']).map(toProblem);
}

describe('schemas/fields', () => {
  it('isUnset: absent, null, "" and [] are unset; false, 0 and {} are values', () => {
    for (const unset of [undefined, null, '', []])
      expect(isUnset(unset), JSON.stringify(unset)).to.equal(true);
    for (const set of [false, 0, {}, ' ', [0]]) expect(isUnset(set), JSON.stringify(set)).to.equal(false);
  });

  it('optional: unset → undefined, else the inner codec', () => {
    const codec = optional(nonNegativeInt);
    expect(ok(codec, '')).to.equal(undefined);
    expect(ok(codec, null)).to.equal(undefined);
    expect(ok(codec, undefined)).to.equal(undefined);
    expect(ok(codec, '7')).to.equal(7);
    expect(fail(codec, 'x')).to.deep.equal([{ path: 'f', message: 'expected a whole number ≥ 0, got "x"' }]);
  });

  it('required: unset fails with "required"', () => {
    expect(fail(required(text), '')).to.deep.equal([{ path: 'f', message: 'required' }]);
    expect(fail(required(text), undefined)).to.deep.equal([{ path: 'f', message: 'required' }]);
    expect(ok(required(text), 'x')).to.equal('x');
  });

  it('withDefault: unset → the default; false stays false', () => {
    expect(ok(withDefault(flag, true), '')).to.equal(true);
    expect(ok(withDefault(flag, true), undefined)).to.equal(true);
    expect(ok(withDefault(flag, true), false)).to.equal(false);
  });

  it('text: a non-empty string', () => {
    expect(ok(text, 'a')).to.equal('a');
    expect(fail(text, 3)).to.deep.equal([{ path: 'f', message: 'expected a non-empty string, got 3' }]);
  });

  it('account: 12 digits; a 12-digit JSON number is read as its digits', () => {
    expect(ok(account, '012345678901')).to.equal('012345678901');
    expect(ok(account, 111111111111)).to.equal('111111111111');
    expect(fail(account, '1234')).to.deep.equal([
      { path: 'f', message: 'expected a 12-digit AWS account id, got "1234"' },
    ]);
    expect(fail(account, 12345678901)[0]?.message).to.equal(
      'expected a 12-digit AWS account id, got 12345678901',
    );
    expect(fail(account, '11111111111a')).to.have.length(1);
  });

  it('region: AWS region names', () => {
    for (const r of ['us-east-1', 'us-gov-west-1', 'ap-southeast-2', 'eu-central-1', 'il-central-1']) {
      expect(ok(region, r)).to.equal(r);
    }
    for (const r of ['us-east', 'US-EAST-1', 'us-east-1a', 'useast1']) {
      expect(fail(region, r)[0]?.message).to.equal(`expected an AWS region such as "us-east-1", got "${r}"`);
    }
  });

  it('availabilityZone: zones and local zones; zoneInRegion', () => {
    for (const z of ['us-east-1a', 'eu-west-3c', 'us-west-2-lax-1a'])
      expect(ok(availabilityZone, z)).to.equal(z);
    for (const z of ['us-east-1', 'us-east-1ab', 'east-1a']) {
      expect(fail(availabilityZone, z)[0]?.message).to.equal(
        `expected an availability zone such as "us-east-1a", got "${z}"`,
      );
    }
    expect(zoneInRegion('us-east-1a', 'us-east-1')).to.equal(true);
    expect(zoneInRegion('us-west-2-lax-1a', 'us-west-2')).to.equal(true);
    expect(zoneInRegion('us-east-1a', 'us-east-2')).to.equal(false);
    expect(zoneInRegion('us-east-11a', 'us-east-1')).to.equal(false);
  });

  it('nonNegativeInt and positiveInt: numbers or digit strings', () => {
    expect(ok(nonNegativeInt, 0)).to.equal(0);
    expect(ok(nonNegativeInt, '3')).to.equal(3);
    expect(ok(nonNegativeInt, '010')).to.equal(10);
    for (const bad of [-1, 1.5, '1.5', '-2', ' 3', true]) {
      expect(fail(nonNegativeInt, bad), JSON.stringify(bad)).to.have.length(1);
    }
    expect(ok(positiveInt, '1000')).to.equal(1000);
    expect(fail(positiveInt, 0)).to.deep.equal([
      { path: 'f', message: 'expected a whole number ≥ 1, got 0' },
    ]);
  });

  it('flag: booleans and "true"/"false" strings', () => {
    expect(ok(flag, true)).to.equal(true);
    expect(ok(flag, 'false')).to.equal(false);
    expect(ok(flag, 'True')).to.equal(true);
    expect(fail(flag, 'yes')).to.deep.equal([{ path: 'f', message: 'expected true or false, got "yes"' }]);
    expect(fail(flag, 1)).to.deep.equal([{ path: 'f', message: 'expected true or false, got 1' }]);
  });

  it('oneOf: exact strings', () => {
    const direction = oneOf(['before', 'after']);
    expect(ok(direction, 'after')).to.equal('after');
    expect(fail(direction, 'Before')).to.deep.equal([
      { path: 'f', message: 'expected "before" or "after", got "Before"' },
    ]);
  });

  it('listOf: a list of items, or one string as a one-element list; item paths are indexed', () => {
    const ids = listOf(text, 'a list of ids');
    expect(ok(ids, ['a', 'b'])).to.deep.equal(['a', 'b']);
    expect(ok(ids, 'a')).to.deep.equal(['a']);
    expect(fail(ids, ['a', 3])).to.deep.equal([
      { path: 'f[1]', message: 'expected a non-empty string, got 3' },
    ]);
    expect(fail(ids, { a: 1 })).to.deep.equal([
      { path: 'f', message: 'expected a list of ids, got an object' },
    ]);
  });

  it('tagList: [{key, value}]; value may be empty; other members dropped', () => {
    expect(
      ok(tagList, [
        { key: 'A', value: '' },
        { key: 'B', value: 'b', extra: 1 },
      ]),
    ).to.deep.equal([
      { key: 'A', value: '' },
      { key: 'B', value: 'b' },
    ]);
    expect(fail(tagList, [{ key: '', value: 'x' }, { value: 1 }, 'A=b'])).to.deep.equal([
      { path: 'f[0].key', message: 'expected a non-empty string, got an empty string' },
      { path: 'f[1].key', message: 'required, a non-empty string' },
      { path: 'f[1].value', message: 'expected a string, got 1' },
      { path: 'f[2]', message: 'expected a {"key", "value"} tag, got "A=b"' },
    ]);
    expect(fail(tagList, [{ key: 'A' }])).to.deep.equal([
      { path: 'f[0].value', message: 'required, a string (may be empty)' },
    ]);
    expect(fail(tagList, { A: 'b' })[0]?.message).to.equal(
      'expected a list of {"key", "value"} tags, got an object',
    );
  });

  it('tagMap: {key: value} with string values and non-empty keys', () => {
    expect(ok(tagMap, { A: '1', B: '' })).to.deep.equal({ A: '1', B: '' });
    expect(fail(tagMap, { A: 1, '': 'x' })).to.deep.equal([
      { path: 'f.A', message: 'expected a string, got 1' },
      { path: 'f[""]', message: 'expected a non-empty tag key' },
    ]);
    expect(fail(tagMap, [{ key: 'A', value: '1' }])[0]?.message).to.equal(
      'expected an object of tags {"key": "value"}, got a list',
    );
  });

  it('strictObject: known members decoded, unset ones left out, unknown ones fail', () => {
    const codec = strictObject('an object of filters', { a: optional(text), n: optional(nonNegativeInt) });
    expect(ok(codec, { a: 'x', n: '' })).to.deep.equal({ a: 'x' });
    expect(fail(codec, { a: 1, foo: true, n: 'x' })).to.deep.equal([
      { path: 'f.foo', message: 'unknown key, expected a or n' },
      { path: 'f.a', message: 'expected a non-empty string, got 1' },
      { path: 'f.n', message: 'expected a whole number ≥ 0, got "x"' },
    ]);
    expect(fail(codec, 'x')[0]?.message).to.equal('expected an object of filters, got "x"');
  });

  describe('timestamp (RFC 3339 with a zone)', () => {
    it('decodes Z and offsets to the same instant in UTC, without milliseconds when there are none', () => {
      expect(ok(timestamp, '2026-06-28T14:05:00Z')).to.equal('2026-06-28T14:05:00Z');
      expect(ok(timestamp, '2026-06-28T16:05:00+02:00')).to.equal('2026-06-28T14:05:00Z');
      expect(ok(timestamp, '2026-06-28T09:35:00-04:30')).to.equal('2026-06-28T14:05:00Z');
      expect(ok(timestamp, '2026-06-29T00:05:00+10:00')).to.equal('2026-06-28T14:05:00Z');
      expect(ok(timestamp, '2026-06-28t14:05:00z')).to.equal('2026-06-28T14:05:00Z');
      expect(ok(timestamp, '2026-06-28T14:05:00.000Z')).to.equal('2026-06-28T14:05:00Z');
      expect(ok(timestamp, '2026-06-28T14:05:00.25+00:00')).to.equal('2026-06-28T14:05:00.250Z');
      expect(ok(timestamp, '2026-06-28T14:05:00.123456789Z')).to.equal('2026-06-28T14:05:00.123Z');
      expect(ok(timestamp, '2024-02-29T23:59:59Z')).to.equal('2024-02-29T23:59:59Z');
      expect(ok(timestamp, '2025-01-01T00:30:00+01:00')).to.equal('2024-12-31T23:30:00Z');
    });

    it('is() holds only for the decoded form', () => {
      expect(timestamp.is('2026-06-28T14:05:00Z')).to.equal(true);
      expect(timestamp.is('2026-06-28T16:05:00+02:00')).to.equal(false);
      expect(timestamp.is('2026-06-28T14:05:00.000Z')).to.equal(false);
    });

    it('refuses a timestamp without a zone: it is ambiguous', () => {
      expect(fail(timestamp, '2026-06-28T14:05:00')).to.deep.equal([
        {
          path: 'f',
          message:
            'a timestamp without a zone is ambiguous: add Z (UTC) or an offset such as +02:00 (2026-06-28T14:05:00Z or 2026-06-28T16:05:00+02:00)',
        },
      ]);
    });

    it('refuses other shapes and dates that are not in the calendar', () => {
      const shape =
        'expected an RFC 3339 timestamp such as 2026-06-28T14:05:00Z or 2026-06-28T16:05:00+02:00';
      for (const bad of ['2026-06-28', '2026-06-28 14:05:00Z', '14:05Z', '2026-06-28T14:05Z', '+02:00']) {
        expect(fail(timestamp, bad), bad).to.deep.equal([{ path: 'f', message: shape }]);
      }
      expect(fail(timestamp, 1782655500)[0]?.message).to.equal(`${shape}, got 1782655500`);
      for (const bad of [
        '2026-02-29T00:00:00Z',
        '2026-13-01T00:00:00Z',
        '2026-06-31T00:00:00Z',
        '2026-06-28T24:00:00Z',
        '2026-06-28T14:60:00Z',
        '2026-06-28T14:05:60Z',
        '2026-06-28T14:05:00+24:00',
      ]) {
        expect(fail(timestamp, bad), bad).to.deep.equal([
          { path: 'f', message: `not a date and time of the calendar: ${bad}` },
        ]);
      }
    });

    it('optional: unset is undefined', () => {
      expect(ok(optional(timestamp), '')).to.equal(undefined);
      expect(ok(optional(timestamp), null)).to.equal(undefined);
    });
  });
});
