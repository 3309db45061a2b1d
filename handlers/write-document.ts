import { readLambdaConfig, runFiles } from '../workflows/runtime.js';
import type { ListOutcome, WriteDocumentEvent } from '../workflows/bulk-list/state.js';
import { writeDocument } from '../workflows/bulk-list/write-document.js';

/** WriteDocument: restore-input.json and list-summary.json; returns counts and where they are. */
export async function handler(event: WriteDocumentEvent): Promise<ListOutcome> {
  const config = readLambdaConfig();
  return writeDocument(event, runFiles(config, event.runId), config.codeVersion);
}
