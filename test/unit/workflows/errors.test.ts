import { expect } from 'chai';
import { causeText } from '../../../workflows/errors.js';

describe('workflows/errors', () => {
  it('causeText: the message of a Lambda error cause (JSON), any other cause as it is', () => {
    const lambda = JSON.stringify({
      errorType: 'PlanTooLarge',
      errorMessage: 'the plan holds 9 restores',
      trace: ['at x'],
    });
    expect(causeText(lambda)).to.equal('the plan holds 9 restores');
    expect(causeText('plain words')).to.equal('plain words');
    expect(causeText('{"not": "lambda"}')).to.equal('{"not": "lambda"}');
    expect(causeText(undefined)).to.equal('');
  });
});
