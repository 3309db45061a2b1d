import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the product sent and what it got back, as seen on the wire. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly accept: string | undefined;
  readonly requestBody: unknown;
  readonly status: number;
  readonly responseBody: unknown;
}

export interface Recorder {
  /** Where the product is pointed instead of the simulator. */
  readonly url: string;
  readonly exchanges: Exchange[];
  close(): Promise<void>;
}

function read(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A loopback HTTP relay in front of the simulator that keeps every exchange (bodies parsed as JSON):
 * what the product really sent and read, without a mocking library and without touching the product.
 * `rewrite` may change a request's URL on the way (a server that ignores part of a filter); the
 * exchange records what the product sent.
 */
export async function startRecorder(
  target: string,
  rewrite: (url: URL) => void = () => undefined,
): Promise<Recorder> {
  const upstream = new URL(target);
  const exchanges: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const url = new URL(req.url ?? '/', upstream);
      const sent = new URL(url);
      rewrite(sent);
      const forwarded = request(
        sent,
        { method: req.method, headers: { ...req.headers, host: upstream.host } },
        (answer) => {
          void read(answer).then((text) => {
            exchanges.push({
              method: req.method ?? 'GET',
              path: url.pathname,
              query: url.searchParams,
              accept: req.headers.accept,
              requestBody: parse(body),
              status: answer.statusCode ?? 0,
              responseBody: parse(text),
            });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(text);
          });
        },
      );
      forwarded.on('error', () => res.destroy());
      forwarded.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
