import { expect } from 'chai';

import { suffixedName } from '../../../restorers/naming.js';

describe('restorers/naming: suffixedName', () => {
  it('joins base and source with one hyphen', () => {
    expect(suffixedName('orders-dr', 'orders-db', 63)).to.equal('orders-dr-orders-db');
  });

  it('turns every character outside [A-Za-z0-9-] into a hyphen, collapsing runs', () => {
    expect(suffixedName('restore', 'Orders_DB.prod', 63)).to.equal('restore-Orders-DB-prod');
    expect(suffixedName('restore', 'billing__v2..db', 63)).to.equal('restore-billing-v2-db');
    expect(suffixedName('restore', 'café olé', 63)).to.equal('restore-caf-ol');
    expect(suffixedName('restore', 'db 📦 archive', 63)).to.equal('restore-db-archive');
  });

  it('never leaves "--", wherever the hyphens come from', () => {
    expect(suffixedName('restore-', 'db', 63)).to.equal('restore-db');
    expect(suffixedName('restore', '-db', 63)).to.equal('restore-db');
    expect(suffixedName('restore', 'a---b', 63)).to.equal('restore-a-b');
    expect(suffixedName('restore', 'a-_-b', 63)).to.equal('restore-a-b');
  });

  it('drops trailing hyphens, also those left by the source', () => {
    expect(suffixedName('restore', 'orders_', 63)).to.equal('restore-orders');
    expect(suffixedName('restore', 'orders-.-', 63)).to.equal('restore-orders');
  });

  it('cuts to max characters exactly when the cut falls inside a word', () => {
    const name = suffixedName('r'.repeat(40), 's'.repeat(40), 63);
    expect(name).to.equal(`${'r'.repeat(40)}-${'s'.repeat(22)}`);
    expect(name).to.have.length(63);
  });

  it('drops the hyphen a cut ends on', () => {
    // "<40 r>-" is 41 characters; a cut at 41 ends on the joining hyphen.
    expect(suffixedName('r'.repeat(40), 'source', 41)).to.equal('r'.repeat(40));
    const name = suffixedName('r'.repeat(40), `${'s'.repeat(21)}-tail`, 63);
    expect(name).to.equal(`${'r'.repeat(40)}-${'s'.repeat(21)}`);
    expect(name).to.have.length(62);
  });

  it('collapses hyphens before cutting, so the kept part is as long as possible', () => {
    expect(suffixedName('ab', '__cd', 5)).to.equal('ab-cd');
  });

  it('keeps names at or under max unchanged', () => {
    const exact = `${'a'.repeat(30)}-${'b'.repeat(32)}`;
    expect(suffixedName('a'.repeat(30), 'b'.repeat(32), 63)).to.equal(exact);
    expect(exact).to.have.length(63);
  });
});
