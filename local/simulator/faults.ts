import type { FaultOptions, ScriptedFault } from './options.js';
import { createRandom } from './random.js';

/** Exact path, or a prefix when the pattern ends in '*'; undefined matches everything. */
export function pathMatches(pattern: string | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

function checkShare(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1))
    throw new RangeError(`${name} must be between 0 and 1`);
}

export type DiceFault = 'throttle' | 'server-error';

/** Probabilistic faults (seeded dice), token expiry and the queue of scripted one-shot faults. */
export class Faults {
  private readonly dice: () => number;
  private options: FaultOptions = {};
  private authenticated = 0;
  private readonly scripted: { fault: ScriptedFault; remaining: number }[] = [];

  constructor(seed: number, options: FaultOptions) {
    // A different stream from the dataset's, so fault sequences do not move when the data changes.
    this.dice = createRandom(seed ^ 0x5eed_fa17);
    this.set(options);
  }

  /** Replaces the options and restarts the token-expiry count. */
  set(options: FaultOptions): void {
    checkShare('throttleShare', options.throttleShare);
    checkShare('serverErrorShare', options.serverErrorShare);
    this.options = { ...options };
    this.authenticated = 0;
  }

  get retryAfterSeconds(): number | undefined {
    return this.options.retryAfterSeconds;
  }

  script(faults: readonly ScriptedFault[]): void {
    for (const fault of faults) this.scripted.push({ fault, remaining: fault.times ?? 1 });
  }

  /** The first scripted fault matching this request, consumed. */
  takeScripted(method: string, path: string): ScriptedFault | undefined {
    const i = this.scripted.findIndex(
      ({ fault }) =>
        (fault.method === undefined || fault.method.toUpperCase() === method) &&
        pathMatches(fault.path, path),
    );
    const entry = this.scripted[i];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.scripted.splice(i, 1);
    return entry.fault;
  }

  /** One roll per request that gets this far, so a seed gives the same fault sequence every run. */
  roll(): DiceFault | undefined {
    const r = this.dice();
    const throttle = this.options.throttleShare ?? 0;
    if (r < throttle) return 'throttle';
    if (r < throttle + (this.options.serverErrorShare ?? 0)) return 'server-error';
    return undefined;
  }

  /** Counts an authenticated request; true once the configured number has been used up. */
  tokenExpired(): boolean {
    const limit = this.options.tokenExpiresAfterRequests;
    if (limit !== undefined && this.authenticated >= limit) return true;
    this.authenticated += 1;
    return false;
  }
}
