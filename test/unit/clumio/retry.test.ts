import { expect } from 'chai';
import { afterRetryAfter, backoffDelay, type RetrySettings } from '../../../clumio/retry.js';

describe('clumio/retry backoffDelay', () => {
  const settings: RetrySettings = { limit: 6, baseDelayMs: 500, maxDelayMs: 20_000, maxRetryAfterMs: 60_000 };

  it('doubles per attempt with equal jitter between half and the whole ceiling', () => {
    expect(backoffDelay(1, settings, () => 0)).to.equal(250);
    expect(backoffDelay(1, settings, () => 1)).to.equal(500);
    expect(backoffDelay(2, settings, () => 0)).to.equal(500);
    expect(backoffDelay(4, settings, () => 0.5)).to.equal(3000);
  });

  it('caps the ceiling at maxDelayMs, so the total wait of all retries is bounded', () => {
    expect(backoffDelay(10, settings, () => 1)).to.equal(20_000);
    let total = 0;
    for (let attempt = 1; attempt <= settings.limit; attempt++)
      total += backoffDelay(attempt, settings, () => 1);
    expect(total).to.equal(500 + 1000 + 2000 + 4000 + 8000 + 16000);
  });
});

describe('clumio/retry afterRetryAfter', () => {
  it('waits at least Retry-After, spread by up to as much again, at most 1 s more', () => {
    expect(afterRetryAfter(1000, () => 0)).to.equal(1000);
    expect(afterRetryAfter(1000, () => 1)).to.equal(2000);
    expect(afterRetryAfter(300, () => 0.5)).to.equal(450);
    expect(afterRetryAfter(30_000, () => 1)).to.equal(31_000);
  });
});
