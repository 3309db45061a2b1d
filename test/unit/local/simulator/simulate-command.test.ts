import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { simulate } from '../../../../local/commands/simulate.js';
import type { CommandIO } from '../../../../local/commands/types.js';
import { startSimulator } from '../../../../local/simulator/index.js';

interface CapturedIO extends CommandIO {
  out(): string;
  err(): string;
}

function captureIO(): CapturedIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { stdout, stderr, env: {}, out: () => out, err: () => err };
}

async function printedUrl(io: CapturedIO): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const match = /listening on (http:\/\/\S+)/.exec(io.out());
    if (match?.[1] !== undefined) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the simulator did not print its address: ${io.out()}`);
}

describe('simulate command', function () {
  it('prints its address and token, serves requests, and stops on abort with exit code 0', async () => {
    const io = captureIO();
    const stop = new AbortController();
    const running = simulate(
      ['--port', '0', '--token', 'cli-token', '--seed', '3', '--task-seconds', '0', '--no-rate-limit'],
      io,
      stop.signal,
    );
    const url = await printedUrl(io);
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(io.out()).to.contain('token: cli-token\n');
    const res = await fetch(`${url}/organizational-units`, {
      headers: { authorization: 'Bearer cli-token' },
    });
    expect(res.status).to.equal(200);
    stop.abort();
    expect(await running).to.equal(0);
    expect(io.out()).to.contain('Clumio simulator stopped');
    await fetch(`${url}/tasks`).then(
      () => expect.fail('the server should be closed'),
      (error: Error) => expect(error.message).to.equal('fetch failed'),
    );
  });

  it('uses the demo token by default and stops on SIGTERM', async () => {
    const io = captureIO();
    const running = simulate(['--port', '0'], io);
    await printedUrl(io);
    expect(io.out()).to.contain('token: clumio-simulator-demo-token\n');
    const listeners = process.listenerCount('SIGTERM');
    process.emit('SIGTERM');
    expect(await running).to.equal(0);
    expect(process.listenerCount('SIGTERM')).to.equal(listeners - 1);
    expect(process.listenerCount('SIGINT')).to.equal(0);
  });

  it('says so and exits 3 when it cannot listen (port in use)', async () => {
    const busy = await startSimulator();
    try {
      const port = new URL(busy.url).port;
      const io = captureIO();
      expect(await simulate(['--port', port], io)).to.equal(3);
      expect(io.err()).to.contain(`cannot listen on 127.0.0.1:${port}`);
      expect(io.err()).to.contain('EADDRINUSE');
    } finally {
      await busy.close();
    }
  });

  it('refuses bad options with a message on stderr and exit code 2', async () => {
    const cases: [string[], string][] = [
      [['--port', 'abc'], '--port must be an integer from 0 to 65535'],
      [['--port', '70000'], '--port must be an integer from 0 to 65535'],
      [['--task-seconds=-1'], '--task-seconds must be a number of seconds, 0 or more'],
      [['--task-seconds', 'soon'], '--task-seconds must be a number of seconds, 0 or more'],
      [['--seed', '1.5'], '--seed must be an integer'],
      [['--token', ''], '--token must not be empty'],
      [['--bogus'], 'unknown option --bogus'],
      [['--prot', '1'], 'unknown option --prot (did you mean --port?)'],
      [['extra'], 'unexpected argument "extra"'],
    ];
    for (const [args, message] of cases) {
      const io = captureIO();
      expect(await simulate(args, io), args.join(' ')).to.equal(2);
      expect(io.err(), args.join(' ')).to.contain(message);
      expect(io.err()).to.contain('usage: clumio-bulk-restore simulate');
      expect(io.out()).to.equal('');
    }
  });
});
