import { ClumioClient, resolveTokenProvider } from '../clumio/index.js';
import { readLambdaConfig } from '../lib/config.js';

export interface CheckTaskEvent {
  readonly taskId: string;
  /** Overrides the stage's base URL when the execution input named one. */
  readonly baseUrl?: string;
}

export interface CheckTaskResult {
  readonly taskId: string;
  readonly taskStatus: string;
  readonly progress?: number;
}

/** CheckTask: one GET /tasks/{id}. The state machine's Wait states do the waiting, never this Lambda. */
export async function handler(event: CheckTaskEvent): Promise<CheckTaskResult> {
  const config = readLambdaConfig();
  const client = new ClumioClient({
    baseUrl: event.baseUrl || config.clumioBaseUrl,
    token: resolveTokenProvider({ env: process.env, secretArn: config.clumioTokenSecretArn }),
  });
  const task = await client.readTask(event.taskId);
  return {
    taskId: event.taskId,
    taskStatus: task.status,
    ...(task.progress_percentage !== undefined ? { progress: task.progress_percentage } : {}),
  };
}
