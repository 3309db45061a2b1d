import type { Links } from './dataset-types.js';
import { link } from './envelopes.js';
import { badRequest, notFound } from './errors.js';
import { rfc3339 } from './time.js';

export type SimulatedTaskStatus = 'queued' | 'in_progress' | 'completed' | 'failed' | 'aborting' | 'aborted';

/** How a restore task ends; `never` keeps it in_progress forever (until aborted). */
export type TaskOutcome = 'completed' | 'failed' | 'aborted' | 'never';

export interface TaskEntity {
  readonly id: string;
  readonly type: string;
  readonly value: string;
}

/** A task object as Clumio serves it (GET /tasks/{id}). */
export interface SimulatedTask {
  _etag: string;
  _links: Links;
  id: string;
  status: SimulatedTaskStatus;
  type: string;
  category: 'restore';
  genre: 'operational';
  progress_percentage: number;
  created_timestamp: string;
  start_timestamp: string | null;
  end_timestamp: string | null;
  is_abortable: boolean;
  primary_entity: TaskEntity;
  parent_entity: TaskEntity;
}

export interface NewTask {
  readonly type: string;
  readonly primary: TaskEntity;
  readonly parent: TaskEntity;
  /** Backup id and asset ids/names that setTaskOutcome may name, most specific first. */
  readonly outcomeKeys: readonly string[];
}

interface TaskRecord extends NewTask {
  readonly id: string;
  readonly createdMs: number;
  abortRequestedMs?: number;
  /** Frozen once the task is seen terminal, so later outcome changes do not rewrite history. */
  final?: SimulatedTask;
}

const QUEUED_SHARE = 0.1;

/**
 * Restore tasks whose status is a function of the simulator clock: queued for the first tenth of the
 * task time, then in_progress with rising progress, then the outcome once the task time has passed.
 */
export class TaskStore {
  private readonly records = new Map<string, TaskRecord>();
  private readonly outcomes = new Map<string, TaskOutcome>();
  private nextId = 1001;

  constructor(
    private readonly clock: () => Date,
    private readonly taskMs: number,
    private readonly organizationalUnitId: string,
  ) {}

  setOutcome(key: string, outcome: TaskOutcome): void {
    this.outcomes.set(key, outcome);
  }

  create(task: NewTask): SimulatedTask {
    const record: TaskRecord = { ...task, id: String(this.nextId++), createdMs: this.clock().getTime() };
    this.records.set(record.id, record);
    return this.view(record);
  }

  read(id: string): SimulatedTask {
    return this.view(this.record(id));
  }

  /** Every task, newest first. */
  list(): SimulatedTask[] {
    return [...this.records.values()].reverse().map((r) => this.view(r));
  }

  abort(id: string): SimulatedTask {
    const record = this.record(id);
    const current = this.view(record);
    if (current.status !== 'queued' && current.status !== 'in_progress') {
      throw badRequest(`task ${id} is ${current.status}; only queued or in_progress tasks can be aborted`);
    }
    record.abortRequestedMs = this.clock().getTime();
    return this.shape(record, 'aborting', current.progress_percentage, current.start_timestamp, null);
  }

  private record(id: string): TaskRecord {
    const record = this.records.get(id);
    if (record === undefined) throw notFound(`task "${id}" not found`);
    return record;
  }

  private outcomeOf(record: TaskRecord): TaskOutcome {
    for (const key of record.outcomeKeys) {
      const outcome = this.outcomes.get(key);
      if (outcome !== undefined) return outcome;
    }
    return 'completed';
  }

  private progressAt(record: TaskRecord, ms: number): number {
    const runMs = this.taskMs * (1 - QUEUED_SHARE);
    if (runMs <= 0) return 99;
    const share = (ms - record.createdMs - this.taskMs * QUEUED_SHARE) / runMs;
    return Math.max(0, Math.min(99, Math.floor(share * 100)));
  }

  private view(record: TaskRecord): SimulatedTask {
    if (record.final !== undefined) return record.final;
    const now = this.clock().getTime();
    const startMs = record.createdMs + this.taskMs * QUEUED_SHARE;
    const started = now >= startMs ? rfc3339(startMs) : null;

    if (record.abortRequestedMs !== undefined) {
      const abortedMs = record.abortRequestedMs + this.taskMs * QUEUED_SHARE;
      const startedBeforeAbort = record.abortRequestedMs >= startMs ? rfc3339(startMs) : null;
      const progress = startedBeforeAbort === null ? 0 : this.progressAt(record, record.abortRequestedMs);
      if (now < abortedMs) return this.shape(record, 'aborting', progress, startedBeforeAbort, null);
      return this.freeze(
        record,
        this.shape(record, 'aborted', progress, startedBeforeAbort, rfc3339(abortedMs)),
      );
    }

    const outcome = this.outcomeOf(record);
    const endMs = record.createdMs + this.taskMs;
    if (started === null) return this.shape(record, 'queued', 0, null, null);
    if (outcome === 'never' || now < endMs) {
      return this.shape(record, 'in_progress', this.progressAt(record, now), started, null);
    }
    const progress = outcome === 'completed' ? 100 : this.progressAt(record, endMs);
    return this.freeze(record, this.shape(record, outcome, progress, started, rfc3339(endMs)));
  }

  private freeze(record: TaskRecord, task: SimulatedTask): SimulatedTask {
    record.final = task;
    return task;
  }

  private shape(
    record: TaskRecord,
    status: SimulatedTaskStatus,
    progress: number,
    start: string | null,
    end: string | null,
  ): SimulatedTask {
    const self = `/tasks/${record.id}`;
    return {
      _etag: Buffer.from(`${record.id}:${status}:${progress}`).toString('base64url'),
      _links: {
        _self: link(self),
        'update-task': link(self, 'patch'),
        'read-organizational-unit': link(`/organizational-units/${this.organizationalUnitId}`),
      },
      id: record.id,
      status,
      type: record.type,
      category: 'restore',
      genre: 'operational',
      progress_percentage: progress,
      created_timestamp: rfc3339(record.createdMs),
      start_timestamp: start,
      end_timestamp: end,
      is_abortable: status === 'queued' || status === 'in_progress',
      primary_entity: record.primary,
      parent_entity: record.parent,
    };
  }
}
