import { expect } from 'chai';
import { ApiError } from '../../../../local/simulator/errors.js';
import { parseFilter, type FilterSpec } from '../../../../local/simulator/filters.js';

interface Row {
  name: string;
  at: string;
  active: boolean | null;
  tags: string[];
}

const ALL_OPS = [
  '$eq',
  '$neq',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$all',
  '$contains',
  '$begins_with',
] as const;

const spec: FilterSpec<Row> = {
  name: { ops: ALL_OPS, get: (r) => r.name },
  at: { ops: ALL_OPS, kind: 'timestamp', get: (r) => r.at },
  active: { ops: ALL_OPS, kind: 'boolean', get: (r) => r.active },
  tags: { ops: ALL_OPS, kind: 'list', get: (r) => r.tags },
};

const rows: Row[] = [
  { name: 'alpha', at: '2024-06-01T00:00:00Z', active: true, tags: ['a', 'b'] },
  { name: 'Beta', at: '2024-06-02T00:00:00Z', active: false, tags: ['b'] },
  { name: 'gamma', at: '2024-06-03T00:00:00Z', active: null, tags: [] },
];

function names(filter: object): string[] {
  const f = parseFilter(JSON.stringify(filter), spec, 'GET /rows');
  return rows.filter((r) => f.test(r)).map((r) => r.name);
}

describe('simulator filter operators (generic)', function () {
  it('compares strings: $eq, $neq, $in, $contains (case-insensitive), $begins_with, ordering', () => {
    expect(names({ name: { $eq: 'alpha' } })).to.deep.equal(['alpha']);
    expect(names({ name: { $neq: 'alpha' } })).to.deep.equal(['Beta', 'gamma']);
    expect(names({ name: { $in: ['gamma', 'alpha'] } })).to.deep.equal(['alpha', 'gamma']);
    expect(names({ name: { $contains: 'ET' } })).to.deep.equal(['Beta']);
    expect(names({ name: { $begins_with: 'ga' } })).to.deep.equal(['gamma']);
    expect(names({ name: { $gt: 'alpha', $lte: 'gamma' } })).to.deep.equal(['gamma']);
    expect(names({ name: { $all: [] } })).to.deep.equal(['alpha', 'Beta', 'gamma']);
  });

  it('compares timestamps as instants with every ordering operator', () => {
    expect(names({ at: { $gt: '2024-06-01T00:00:00Z' } })).to.deep.equal(['Beta', 'gamma']);
    expect(names({ at: { $gte: '2024-06-02T02:00:00+02:00' } })).to.deep.equal(['Beta', 'gamma']);
    expect(names({ at: { $lt: '2024-06-02T00:00:00.000Z' } })).to.deep.equal(['alpha']);
    expect(names({ at: { $lte: '2024-06-01T23:00:00-01:00' } })).to.deep.equal(['alpha', 'Beta']);
    expect(names({ at: { $eq: '2024-06-03T02:00:00+02:00' } })).to.deep.equal(['gamma']);
  });

  it('reads booleans from JSON or strings; null matches only $neq', () => {
    expect(names({ active: { $eq: true } })).to.deep.equal(['alpha']);
    expect(names({ active: { $eq: 'false' } })).to.deep.equal(['Beta']);
    expect(names({ active: { $in: ['true', false] } })).to.deep.equal(['alpha', 'Beta']);
    expect(names({ active: { $neq: true } })).to.deep.equal(['Beta', 'gamma']);
  });

  it('treats array fields: $all = every listed present, $in = any, $eq/$contains on elements', () => {
    expect(names({ tags: { $all: ['a', 'b'] } })).to.deep.equal(['alpha']);
    expect(names({ tags: { $all: ['b'] } })).to.deep.equal(['alpha', 'Beta']);
    expect(names({ tags: { $in: ['a', 'z'] } })).to.deep.equal(['alpha']);
    expect(names({ tags: { $eq: 'b' } })).to.deep.equal(['alpha', 'Beta']);
    expect(names({ tags: { $neq: 'a' } })).to.deep.equal(['Beta', 'gamma']);
    expect(names({ tags: { $contains: 'B' } })).to.deep.equal(['alpha', 'Beta']);
  });

  it('ANDs fields and operators, and exposes $eq values for index lookups', () => {
    expect(names({ tags: { $all: ['b'] }, active: { $eq: false } })).to.deep.equal(['Beta']);
    const f = parseFilter('{"name":{"$eq":"alpha"},"at":{"$gt":"2024-01-01T00:00:00Z"}}', spec, 'GET /rows');
    expect(f.eq('name')).to.equal('alpha');
    expect(f.eq('at')).to.equal(undefined);
    expect(f.has('at')).to.equal(true);
    expect(f.has('tags')).to.equal(false);
    const none = parseFilter(null, spec, 'GET /rows');
    expect(none.raw).to.equal(undefined);
    expect(rows.every((r) => none.test(r))).to.equal(true);
  });

  it('collects every problem into one 400', () => {
    try {
      parseFilter(
        '{"name":{"$like":"a"},"at":{"$gt":5},"tags":{"$all":"a"},"size":{"$eq":1}}',
        spec,
        'GET /rows',
      );
      expect.fail('expected a refusal');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      expect(error.status).to.equal(400);
      expect(error.messages).to.deep.equal([
        'filter operator "$like" is not supported for field "name" by GET /rows; supported: $eq, $neq, $gt, $gte, $lt, $lte, $in, $all, $contains, $begins_with',
        'filter field "at" operator "$gt" expects an RFC-3339 timestamp such as "2024-05-01T23:59:59Z", got 5',
        'filter field "tags" operator "$all" expects a JSON array',
        'filter field "size" is not supported by GET /rows; supported fields: name, at, active, tags',
      ]);
    }
  });
});
