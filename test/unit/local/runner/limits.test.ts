import { expect } from 'chai';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import {
  checkPayload,
  DataLimitExceeded,
  enforceStateLimits,
  PAYLOAD_LIMIT_BYTES,
  payloadBytes,
} from '../../../../local/runner/limits.js';

const TASK = 'arn:aws:lambda:us-east-1:000000000000:function:test';

/** The error an execution of `definition` fails with (aws-local-stepfunctions, with the limits enforced). */
async function failure(
  definition: Record<string, unknown>,
  input: unknown,
  handlers: Record<string, (input: unknown) => Promise<unknown>> = {},
): Promise<Error> {
  const run = new StateMachine(definition as never, { validationOptions: { checkArn: false } }).run(
    input as never,
    { overrides: { taskResourceLocalHandlers: handlers as never } },
  );
  const error = await run.result.then(
    () => new Error('the execution succeeded'),
    (e: unknown) => e as Error,
  );
  expect(error).to.be.instanceOf(ExecutionError);
  return (error as ExecutionError).cause as Error;
}

/** A string whose JSON text (with its quotes) is exactly `bytes` UTF-8 bytes, made of 2-byte characters and one 1-byte one. */
const textOf = (bytes: number): string =>
  'é'.repeat(Math.floor((bytes - 2) / 2)) + 'x'.repeat((bytes - 2) % 2);

describe('local/runner/limits: the 256 KiB payload limit of Step Functions', () => {
  before(() => enforceStateLimits());

  it('counts UTF-8 bytes of the JSON text: exactly 262,144 passes, one more fails with States.DataLimitExceeded', () => {
    expect(payloadBytes(textOf(PAYLOAD_LIMIT_BYTES))).to.equal(262_144);
    expect(payloadBytes(textOf(PAYLOAD_LIMIT_BYTES + 1))).to.equal(262_145);
    expect(payloadBytes({ a: 'é' })).to.equal(Buffer.byteLength('{"a":"é"}'));
    expect(() => checkPayload(textOf(PAYLOAD_LIMIT_BYTES), 'x')).not.to.throw();
    expect(() => checkPayload(textOf(PAYLOAD_LIMIT_BYTES + 1), 'the result of task T'))
      .to.throw(DataLimitExceeded)
      .with.property(
        'message',
        'the result of task T is 262,145 bytes, over the Step Functions limit of 262,144 bytes',
      );
    expect(new DataLimitExceeded('m').name).to.equal('States.DataLimitExceeded');
  });

  it("fails the execution when a state's output is over the limit, whatever its Catch says", async () => {
    const error = await failure(
      {
        StartAt: 'Grow',
        States: {
          Grow: {
            Type: 'Task',
            Resource: TASK,
            ResultPath: '$.big',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
            Next: 'Done',
          },
          Caught: { Type: 'Pass', End: true },
          Done: { Type: 'Succeed' },
        },
      },
      { small: true },
      { Grow: async () => textOf(PAYLOAD_LIMIT_BYTES) },
    );
    expect(error.name).to.equal('States.DataLimitExceeded');
    expect(error.message).to.match(/^the output of state Grow is 262,1\d\d bytes, over/);
  });

  it('fails a Pass whose output is over the limit, and a state whose input is', async () => {
    const grown = await failure(
      {
        StartAt: 'Build',
        States: {
          Build: { Type: 'Pass', Parameters: { 'copy.$': '$', 'again.$': '$' }, Next: 'After' },
          After: { Type: 'Succeed' },
        },
      },
      textOf(200_000),
    );
    expect(grown.name).to.equal('States.DataLimitExceeded');
    expect(grown.message).to.match(/^the output of state Build is 400,0\d\d bytes/);
    const entered = await failure(
      { StartAt: 'First', States: { First: { Type: 'Succeed' } } },
      textOf(PAYLOAD_LIMIT_BYTES + 1),
    );
    expect(entered.message).to.equal(
      'the input of state First is 262,145 bytes, over the Step Functions limit of 262,144 bytes',
    );
  });

  it('is taken by no Retry and no Catch, States.ALL included, and fails the parent of an inline Map iteration too', async () => {
    let calls = 0;
    const error = await failure(
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'Work',
              States: {
                Work: {
                  Type: 'Task',
                  Resource: TASK,
                  Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3, IntervalSeconds: 0 }],
                  Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
                  End: true,
                },
                Caught: { Type: 'Pass', End: true },
              },
            },
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'MapCaught' }],
            End: true,
          },
          MapCaught: { Type: 'Pass', End: true },
        },
      },
      { items: [1] },
      {
        Work: async () => {
          calls++;
          throw new DataLimitExceeded('the result of task Work is too large');
        },
      },
    );
    expect(error.name).to.equal('States.DataLimitExceeded');
    expect(error.message).to.equal('the result of task Work is too large');
    expect(calls).to.equal(1);
  });
});
