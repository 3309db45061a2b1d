import { expect } from 'chai';

import { mergeTags, tagsFromMap } from '../../../core/tags.js';

describe('core/tags', () => {
  describe('tagsFromMap', () => {
    it('turns {k: v} into [{key, value}] in the map order', () => {
      expect(tagsFromMap({ App: 'web', Environment: 'prod' })).to.deep.equal([
        { key: 'App', value: 'web' },
        { key: 'Environment', value: 'prod' },
      ]);
      expect(tagsFromMap({})).to.deep.equal([]);
    });
  });

  describe('mergeTags', () => {
    const base = [
      { key: 'Name', value: 'web-01' },
      { key: 'Environment', value: 'prod' },
    ];

    it('replaces the value of a key already present, in place, and appends new keys', () => {
      expect(mergeTags(base, { Environment: 'dr', RestoredBy: 'bulk' })).to.deep.equal([
        { key: 'Name', value: 'web-01' },
        { key: 'Environment', value: 'dr' },
        { key: 'RestoredBy', value: 'bulk' },
      ]);
    });

    it('returns a copy of the base without anything to append', () => {
      const merged = mergeTags(base);
      expect(merged).to.deep.equal(base);
      expect(merged).not.to.equal(base);
      expect(mergeTags(base, {})).to.deep.equal(base);
      expect(mergeTags([], { A: '1' })).to.deep.equal([{ key: 'A', value: '1' }]);
    });

    it('collapses duplicate keys of the base to one, keeping the last value at the first position', () => {
      const duplicated = [
        { key: 'A', value: '1' },
        { key: 'B', value: '2' },
        { key: 'A', value: '3' },
      ];
      expect(mergeTags(duplicated)).to.deep.equal([
        { key: 'A', value: '3' },
        { key: 'B', value: '2' },
      ]);
    });

    it('never yields a duplicate key (the reference implementation could)', () => {
      const merged = mergeTags([{ key: 'Env', value: 'prod' }], { Env: 'dr' });
      expect(merged).to.deep.equal([{ key: 'Env', value: 'dr' }]);
    });

    it('takes a tag list to append too (target_volume_append_tags)', () => {
      expect(
        mergeTags(base, [
          { key: 'Name', value: 'web-01-dr' },
          { key: 'X', value: '' },
        ]),
      ).to.deep.equal([
        { key: 'Name', value: 'web-01-dr' },
        { key: 'Environment', value: 'prod' },
        { key: 'X', value: '' },
      ]);
    });

    it('does not change its arguments', () => {
      const input = [{ key: 'A', value: '1' }];
      const append = { A: '2' };
      mergeTags(input, append);
      expect(input).to.deep.equal([{ key: 'A', value: '1' }]);
      expect(append).to.deep.equal({ A: '2' });
    });
  });
});
