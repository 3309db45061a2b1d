import { expect } from 'chai';
import { LambdaEmulator, runtimeEnvelope, type LambdaFunction } from '../../../../local/runner/lambda.js';
import { PAYLOAD_LIMIT_BYTES } from '../../../../local/runner/limits.js';

const fn = (handler: LambdaFunction['handler'], timeoutSeconds = 60): LambdaFunction => ({
  key: 'startRestore',
  timeoutSeconds,
  handler,
});

/** What invoke rejects with: the Error and Cause Step Functions would see. */
async function rejection(promise: Promise<unknown>): Promise<{ name: string; cause: string }> {
  const error = (await promise.then(
    () => new Error('it returned'),
    (e: unknown) => e,
  )) as Error;
  return { name: error.name, cause: error.message };
}

describe('local/runner/lambda: Lambda as a Step Functions Task meets it', () => {
  it('passes the event and the result as JSON (what JSON cannot hold is gone)', async () => {
    let received: unknown;
    const lambda = new LambdaEmulator();
    const result = await lambda.invoke(
      'S',
      fn(async (event) => {
        received = event;
        return { at: new Date('2026-01-02T03:04:05Z'), gone: undefined, n: 1 };
      }),
      { a: 1, skip: undefined },
    );
    expect(received).to.deep.equal({ a: 1 });
    expect(result).to.deep.equal({ at: '2026-01-02T03:04:05.000Z', n: 1 });
    expect(
      await lambda.invoke(
        'S',
        fn(async () => undefined),
        {},
      ),
    ).to.equal(null);
  });

  it("gives a thrown error as the Node.js runtime's envelope: Error = its name, Cause = {errorType, errorMessage, trace}", async () => {
    class PlanFailed extends Error {
      override readonly name = 'PlanFailed';
    }
    const { name, cause } = await rejection(
      new LambdaEmulator().invoke(
        'S',
        fn(async () => {
          throw new PlanFailed('2 groups could not be planned');
        }),
        {},
      ),
    );
    expect(name).to.equal('PlanFailed');
    const envelope = JSON.parse(cause) as { errorType: string; errorMessage: string; trace: string[] };
    expect(Object.keys(envelope)).to.deep.equal(['errorType', 'errorMessage', 'trace']);
    expect(envelope.errorType).to.equal('PlanFailed');
    expect(envelope.errorMessage).to.equal('2 groups could not be planned');
    expect(envelope.trace[0]).to.equal('PlanFailed: 2 groups could not be planned');
    expect(envelope.trace[1]).to.match(/^ {4}at /);
    expect(runtimeEnvelope('plain').error).to.equal('Error');
  });

  it('fails a handler that runs past its timeout with Sandbox.Timedout; the handler itself runs on', async () => {
    let finished = false;
    let release: () => void = () => undefined;
    const slow = fn(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
      return {};
    }, 180);
    const lambda = new LambdaEmulator({ timeoutMs: { startRestore: 10 } });
    const { name, cause } = await rejection(lambda.invoke('StartRestore', slow, {}));
    expect(name).to.equal('Sandbox.Timedout');
    const envelope = JSON.parse(cause) as Record<string, string>;
    expect(Object.keys(envelope)).to.deep.equal(['errorType', 'errorMessage']);
    expect(envelope.errorType).to.equal('Sandbox.Timedout');
    expect(envelope.errorMessage).to.match(
      /^RequestId: [0-9a-f-]{36} Error: Task timed out after 180\.00 seconds$/,
    );
    expect(finished).to.equal(false);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).to.equal(true);
  });

  it('refuses parameters or a result over 262,144 bytes with States.DataLimitExceeded', async () => {
    const big = 'x'.repeat(PAYLOAD_LIMIT_BYTES);
    let ran = 0;
    const lambda = new LambdaEmulator();
    const echo = fn(async (event) => {
      ran++;
      return event;
    });
    const tooMuchIn = await rejection(lambda.invoke('Plan', echo, { big }));
    expect(tooMuchIn.name).to.equal('States.DataLimitExceeded');
    expect(tooMuchIn.cause).to.match(/^the parameters of task Plan is 262,154 bytes/);
    expect(ran).to.equal(0);
    const tooMuchOut = await rejection(
      lambda.invoke(
        'Plan',
        fn(async () => ({ big })),
        {},
      ),
    );
    expect(tooMuchOut.name).to.equal('States.DataLimitExceeded');
    expect(tooMuchOut.cause).to.match(/^the result of task Plan is 262,154 bytes/);
  });

  describe('injected faults (by function, seeded)', () => {
    const counting = () => {
      const state = { ran: 0 };
      return { state, fn: fn(async () => ++state.ran) };
    };

    it('throttling: Lambda.TooManyRequestsException with the SDK message, and the handler never ran', async () => {
      const { state, fn: f } = counting();
      const faults: unknown[] = [];
      const lambda = new LambdaEmulator({
        faults: { startRestore: { throttled: 1 } },
        onFault: (e) => faults.push(e),
      });
      const { name, cause } = await rejection(lambda.invoke('StartRestore', f, { index: 1 }));
      expect(name).to.equal('Lambda.TooManyRequestsException');
      expect(cause).to.match(
        /^Rate Exceeded\. \(Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
      );
      expect(state.ran).to.equal(0);
      expect(faults).to.deep.equal([
        { state: 'StartRestore', function: 'startRestore', fault: 'throttled', handlerRan: false },
      ]);
    });

    it('a service error before the handler, or after it ran; a timeout after it ran', async () => {
      for (const [faults, error, ran] of [
        [{ serviceError: 1 }, 'Lambda.ServiceException', 0],
        [{ serviceError: 1, serviceErrorAfterRun: true }, 'Lambda.ServiceException', 1],
        [{ timedOut: 1 }, 'Sandbox.Timedout', 1],
      ] as const) {
        const { state, fn: f } = counting();
        const lambda = new LambdaEmulator({ faults: { startRestore: faults } });
        expect((await rejection(lambda.invoke('StartRestore', f, {}))).name).to.equal(error);
        expect(state.ran, JSON.stringify(faults)).to.equal(ran);
      }
    });

    it('draws the same faults for the same events whatever their order, and about the share asked', async () => {
      const events = Array.from({ length: 1000 }, (_, index) => ({ index }));
      const outcomes = async (order: typeof events, seed: number) => {
        const lambda = new LambdaEmulator({ seed, faults: { startRestore: { throttled: 0.3 } } });
        const byIndex = new Map<number, string>();
        for (const event of order) {
          const attempts: string[] = [];
          for (let attempt = 0; attempt < 3; attempt++) {
            const outcome = await lambda
              .invoke(
                'StartRestore',
                fn(async () => 'ok'),
                event,
              )
              .then(
                () => 'ok',
                (e: Error) => e.name,
              );
            attempts.push(outcome);
          }
          byIndex.set(event.index, attempts.join(','));
        }
        return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
      };
      const forward = await outcomes(events, 7);
      expect(await outcomes([...events].reverse(), 7)).to.deep.equal(forward);
      expect(await outcomes(events, 8)).not.to.deep.equal(forward);
      const throttled = forward.flatMap((v) => v.split(',')).filter((o) => o !== 'ok').length;
      expect(throttled / 3000).to.be.within(0.27, 0.33);
      // A retried event draws again: some events are throttled once and then run.
      expect(forward.some((v) => v.startsWith('Lambda.TooManyRequestsException,ok'))).to.equal(true);
    });

    it('leaves the functions without faults alone', async () => {
      const lambda = new LambdaEmulator({ faults: { checkTask: { throttled: 1 } } });
      expect(
        await lambda.invoke(
          'StartRestore',
          fn(async () => 'ran'),
          {},
        ),
      ).to.equal('ran');
    });
  });
});
