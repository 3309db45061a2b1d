import type { AslDefinition } from '../serverless-config.js';
import type { ChildExecution } from './distributed-map.js';

/**
 * An interrupted run (Ctrl-C): no function starts any more, the ones running return (a restore POST in
 * flight gets its answer journaled), then the execution and its children are aborted and whatever was
 * held fails, so that no timer or child is left waiting on it.
 */
export class Interrupt {
  private running = 0;
  private idle: (() => void)[] = [];
  private held: ((error: Error) => void)[] = [];
  private released = false;
  private readonly children = new Set<ChildExecution>();

  constructor(readonly signal: AbortSignal) {}

  /** A function's Task: held once interrupted, counted while it runs. */
  task(fn: (input: unknown) => Promise<unknown>): (input: unknown) => Promise<unknown> {
    return async (input) => {
      if (this.signal.aborted) return this.hold();
      this.running++;
      try {
        return await fn(input);
      } finally {
        this.running--;
        if (this.running === 0) for (const done of this.idle.splice(0)) done();
      }
    };
  }

  /** A Task that waits on others (a Distributed Map): held once interrupted, failed when released. */
  waiting(fn: (input: unknown) => Promise<unknown>): (input: unknown) => Promise<unknown> {
    return (input) => (this.signal.aborted ? this.hold() : Promise.race([fn(input), this.hold()]));
  }

  /** Child executions are aborted with the run. */
  child(child: ChildExecution): ChildExecution {
    this.children.add(child);
    void child.result.catch(() => undefined).finally(() => this.children.delete(child));
    return child;
  }

  /** Once every function running has returned: abort the execution and its children, fail what was held. */
  async stop(abortExecution: () => void): Promise<void> {
    if (this.running > 0) await new Promise<void>((done) => this.idle.push(done));
    abortExecution();
    for (const child of this.children) child.abort();
    this.released = true;
    for (const fail of this.held.splice(0)) fail(interrupted());
  }

  private hold(): Promise<never> {
    return new Promise<never>((_, fail) => (this.released ? fail(interrupted()) : this.held.push(fail)));
  }
}

const interrupted = (): Error => new Error('the execution was interrupted');

/** The definition from `start` on: the states it can reach (Step Functions refuses unreachable ones). */
export function startingAt(definition: AslDefinition, start: string): AslDefinition {
  if (!(start in definition.States)) throw new Error(`the definition has no state ${start} to start at`);
  const reachable = new Set<string>();
  const visit = (name: unknown): void => {
    if (typeof name !== 'string' || reachable.has(name)) return;
    const state = definition.States[name];
    if (state === undefined) return;
    reachable.add(name);
    visit(state.Next);
    visit(state.Default);
    const rules = [
      ...((state.Choices as { Next?: unknown }[] | undefined) ?? []),
      ...((state.Catch as { Next?: unknown }[] | undefined) ?? []),
    ];
    for (const rule of rules) visit(rule.Next);
  };
  visit(start);
  const States = Object.fromEntries(
    Object.entries(definition.States).filter(([name]) => reachable.has(name)),
  );
  return { ...definition, StartAt: start, States };
}
