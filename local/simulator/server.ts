import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { mediaType, negotiate } from './accept.js';
import { buildDataset } from './dataset-builder.js';
import { DatasetIndex } from './dataset-index.js';
import { datasourceRoutes } from './datasource-routes.js';
import { ApiError, errorBody } from './errors.js';
import { Faults, pathMatches } from './faults.js';
import { serialize } from './json.js';
import {
  DEMO_TOKEN,
  type RequestRecord,
  type RunningSimulator,
  type ScriptedFault,
  type SimulatorOptions,
} from './options.js';
import { checkParams } from './query.js';
import { RateLimiter } from './rate-limit.js';
import { Router, type SimulatorState } from './routes.js';
import { taskRoutes } from './task-routes.js';
import { TaskStore } from './tasks.js';
import { simulatedTypes } from './types/index.js';

const JSON_TYPE = 'application/json';
const MAX_BODY_BYTES = 1024 * 1024;

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string>>;
}

interface ParsedBody {
  readonly present: boolean;
  readonly valid: boolean;
  readonly value: unknown;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): ParsedBody {
  if (text.trim() === '') return { present: false, valid: true, value: undefined };
  try {
    return { present: true, valid: true, value: JSON.parse(text) as unknown };
  } catch {
    return { present: true, valid: false, value: undefined };
  }
}

function errorAnswer(error: ApiError): Answer {
  return {
    status: error.status,
    body: errorBody(error.status, error.messages),
    contentType: JSON_TYPE,
    headers: error.headers,
  };
}

function faultTag(status: number): string {
  if (status === 429) return 'throttle';
  return status >= 500 ? 'server-error' : `status-${status}`;
}

export async function startServer(opts: SimulatorOptions): Promise<RunningSimulator> {
  const token = opts.token ?? DEMO_TOKEN;
  const seed = opts.seed ?? 1;
  const now = opts.now ?? (() => new Date());
  const taskSeconds = opts.taskSeconds ?? 5;
  if (!(taskSeconds >= 0)) throw new RangeError('taskSeconds must be 0 or more');
  const rate = opts.rateLimitPerSecond ?? 100;
  const latencyMs = opts.latencyMs ?? 0;
  if (opts.maxPageSize !== undefined && !(Number.isInteger(opts.maxPageSize) && opts.maxPageSize >= 1))
    throw new RangeError('maxPageSize must be a whole number of at least 1');

  const dataset = buildDataset({ seed, now: now(), scale: opts.scale });
  const rootOu = dataset.organizationalUnits[0]?.id ?? '';
  const state: SimulatorState = {
    dataset,
    index: new DatasetIndex(dataset),
    tasks: new TaskStore(now, taskSeconds * 1000, rootOu),
    restores: [],
    maxPageSize: opts.maxPageSize ?? 100,
  };
  const services = Object.values(simulatedTypes).map((type) => type.serve(dataset, opts));
  const router = new Router([
    ...datasourceRoutes(services),
    ...services.flatMap((service) => service.routes),
    ...taskRoutes(),
  ]);
  const faults = new Faults(seed, opts.faults ?? {});
  const limiter = rate === false ? undefined : new RateLimiter(rate);
  const requests: RequestRecord[] = [];
  const hanging = new Set<ServerResponse>();
  let seq = 0;
  let linkBase = '';

  /** Routing, Accept, query and handler: everything a real request goes through once admitted. */
  function dispatch(method: string, url: URL, req: IncomingMessage, body: ParsedBody): Answer {
    try {
      const match = router.match(method, url.pathname);
      if (match === undefined) throw new ApiError(404, [`no such endpoint: ${method} ${url.pathname}`]);
      if (!('route' in match)) {
        throw new ApiError(405, [`method ${method} is not allowed on ${url.pathname}`], {
          allow: match.allowed.join(', '),
        });
      }
      const { route, params } = match;
      const negotiated = negotiate(req.headers.accept, route.resource, route.versions);
      if (!('version' in negotiated)) throw new ApiError(406, [negotiated.refusal]);
      const ou = req.headers['x-clumio-organizationalunit-context'];
      if (typeof ou === 'string' && ou !== '' && ou !== rootOu) {
        throw new ApiError(403, [`organizational unit "${ou}" is not accessible with this token`]);
      }
      checkParams(url.searchParams, route.params, `${route.method} ${route.pattern}`);
      if (!body.valid) throw new ApiError(400, ['request body is not valid JSON']);
      const reply = route.handle({
        path: url.pathname,
        params,
        query: url.searchParams,
        body: body.value,
        state,
        linkBase,
        linkQuery: opts.linkQuery ?? 'query',
      });
      return {
        status: reply.status,
        body: reply.body,
        contentType: mediaType(route.resource, negotiated.version),
      };
    } catch (error) {
      if (error instanceof ApiError) return errorAnswer(error);
      return errorAnswer(new ApiError(500, [`simulator error: ${(error as Error).message}`]));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const body =
      method === 'POST' || method === 'PATCH' || method === 'PUT'
        ? parseJson(await readBody(req))
        : parseJson('');
    const record: RequestRecord = {
      seq: ++seq,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      at: now().toISOString(),
    };
    const filter = url.searchParams.get('filter');
    if (filter !== null) {
      const parsed = parseJson(filter);
      if (parsed.valid && parsed.present) record.filter = parsed.value;
    }
    if (body.present && body.valid) record.body = body.value;
    if (opts.recordRequests !== false) requests.push(record);
    if (latencyMs > 0) await sleep(latencyMs);

    const answer = (a: Answer, fault?: string): void => {
      record.status = a.status;
      if (fault !== undefined) record.fault = fault;
      const text = serialize(a.body);
      res.writeHead(a.status, {
        'content-type': a.contentType,
        'content-length': Buffer.byteLength(text),
        ...a.headers,
      });
      res.end(text);
    };
    const injected = (status: number, message: string, fault: string, retryAfter?: number): void => {
      const headers = retryAfter === undefined ? undefined : { 'retry-after': String(retryAfter) };
      answer({ status, body: errorBody(status, [message]), contentType: JSON_TYPE, headers }, fault);
    };
    const scriptedAnswer = (fault: ScriptedFault): void => {
      if (fault.kind === 'reset') {
        record.fault = 'reset';
        req.socket.destroy();
      } else if (fault.kind === 'hang') {
        record.fault = 'hang';
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
      } else {
        const status = fault.status ?? 500;
        injected(status, `injected fault: HTTP ${status}`, faultTag(status), fault.retryAfterSeconds);
      }
    };

    // Gateway order: rate limit, injected faults, authentication, then the API itself.
    if (limiter !== undefined && !limiter.admit()) {
      return injected(
        429,
        `rate limit exceeded: at most ${String(rate)} requests per second`,
        'rate-limit',
        1,
      );
    }
    const scripted = faults.takeScripted(method, url.pathname);
    if (scripted !== undefined && scripted.afterProcessing !== true) return scriptedAnswer(scripted);
    const dice = faults.roll();
    if (dice === 'throttle') return injected(429, 'too many requests', 'throttle', faults.retryAfterSeconds);
    if (dice === 'server-error') return injected(503, 'service unavailable', 'server-error');
    if (/^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] !== token) {
      return answer(errorAnswer(new ApiError(401, ['unauthorized: the API token is missing or not valid'])));
    }
    if (faults.tokenExpired()) {
      return answer(
        errorAnswer(new ApiError(401, ['unauthorized: the API token has expired'])),
        'token-expired',
      );
    }
    const result = dispatch(method, url, req, body);
    if (scripted !== undefined) return scriptedAnswer(scripted);
    answer(result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': JSON_TYPE });
      res.end(JSON.stringify(errorBody(500, [`simulator error: ${(error as Error).message}`])));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Clumio accepts as many connections as arrive; Node's default backlog (511) overflows when a run
    // opens a thousand at once in a busy process, and the kernel then resets connections it dropped.
    server.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1', backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  if (opts.absoluteLinks === true) linkBase = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    token,
    dataset,
    requests,
    count: (match = {}) =>
      requests.filter(
        (r) =>
          (match.method === undefined || r.method === match.method.toUpperCase()) &&
          pathMatches(match.path, r.path) &&
          (match.status === undefined || r.status === match.status),
      ).length,
    clearRequests: () => {
      requests.length = 0;
    },
    setFaults: (f) => faults.set(f),
    script: (...f) => faults.script(f),
    setTaskOutcome: (key, outcome) => state.tasks.setOutcome(key, outcome),
    restores: () => [...state.restores],
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const res of hanging) res.socket?.destroy();
        hanging.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
