/** Wire shapes shared by every Clumio list and the task endpoint (clumio-api §3, §9). */
export interface Link {
  readonly href: string;
  readonly templated?: boolean;
  readonly type?: string;
}

export interface ListEnvelope<T> {
  readonly _embedded?: { readonly items?: readonly T[] };
  readonly _links?: { readonly _next?: Link | null } & Readonly<Record<string, Link | null | undefined>>;
  readonly current_count?: number;
  readonly total_count?: number;
  readonly total_pages_count?: number;
  readonly limit?: number;
  readonly start?: string;
}

/** `filter` query parameter: `{field: {$op: value}}`, ANDed across fields. */
export type Filter = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export type TaskStatus = 'queued' | 'in_progress' | 'completed' | 'failed' | 'aborting' | 'aborted';

export interface Task {
  readonly id: string;
  readonly status: TaskStatus | string;
  readonly type?: string;
  readonly progress_percentage?: number;
  readonly created_timestamp?: string;
  readonly start_timestamp?: string | null;
  readonly end_timestamp?: string | null;
}

export interface RestoreAccepted {
  readonly taskId: string;
}
