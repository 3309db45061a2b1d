import { expect } from 'chai';

import { exampleClock } from '../../../../local/commands/example-clock.js';

describe('local/commands/example-clock: the simulator clock of an example', () => {
  it('real time without a search_time', () => {
    expect(exampleClock({ RestoreGroups: [{ ResourceType: 'EBS' }] })).to.equal(undefined);
    expect(exampleClock('not a document')).to.equal(undefined);
  });

  it('runs two days after the latest search_time of the groups and DefaultInput, ticking with real time', () => {
    let real = Date.parse('2030-01-01T00:00:00Z');
    const clock = exampleClock(
      {
        DefaultInput: { RDS: { search_time: '2026-06-28T16:05:00+02:00' } },
        RestoreGroups: [
          { search_time: '2026-06-27T00:00:00Z' },
          { search_time: '2026-06-28T14:00:00' },
          { search_time: 5 },
        ],
      },
      () => real,
    );
    expect(clock?.().toISOString()).to.equal('2026-06-30T14:05:00.000Z');
    real += 90_000;
    expect(clock?.().toISOString()).to.equal('2026-06-30T14:06:30.000Z');
  });
});
