import { expect } from 'chai';
import { mapLimit, mapPrefix } from '../../../core/concurrency.js';

describe('core/concurrency mapLimit', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      return n * 10;
    });
    expect(out).to.deep.equal([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).to.equal(3);
  });

  it('handles an empty list and stops at the first failure', async () => {
    expect(await mapLimit([], 4, async () => 1)).to.deep.equal([]);
    let failure: unknown;
    await mapLimit([1, 2, 3], 1, async (n) => {
      if (n === 2) throw new Error('boom 2');
      return n;
    }).catch((e: unknown) => (failure = e));
    expect((failure as Error).message).to.equal('boom 2');
  });
});

describe('core/concurrency mapPrefix', () => {
  it('takes items while allowed, at most the limit at once: the results of a prefix, in order', async () => {
    let allowed = 5;
    let running = 0;
    let peak = 0;
    const out = await mapPrefix(
      [5, 1, 4, 2, 3, 0, 6, 7],
      3,
      () => allowed-- > 0,
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, n * 3));
        running--;
        return n * 10;
      },
    );
    expect(out).to.deep.equal([50, 10, 40, 20, 30]);
    expect(peak).to.equal(3);
    expect(
      await mapPrefix(
        [1, 2],
        4,
        () => true,
        async (n) => n,
      ),
    ).to.deep.equal([1, 2]);
    expect(
      await mapPrefix(
        [1, 2],
        4,
        () => false,
        async (n) => n,
      ),
    ).to.deep.equal([]);
  });
});
