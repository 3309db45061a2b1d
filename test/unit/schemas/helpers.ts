import { expect } from 'chai';

import {
  decodeRestoreInput,
  type Problem,
  type RestoreGroup,
  type RestoreInput,
} from '../../../schemas/index.js';

/** Decodes a document that must be valid; returns the value. */
export function decodeOk(document: unknown): RestoreInput {
  const result = decodeRestoreInput(document);
  if (!result.ok) expect.fail(`expected a valid document, got problems: ${JSON.stringify(result.problems)}`);
  return result.value;
}

/** Decodes a one-group document that must be valid; returns the group. */
export function decodeGroup(
  group: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): RestoreGroup {
  const [decoded] = decodeOk({ ...extra, RestoreGroups: [group] }).groups;
  if (decoded === undefined) return expect.fail('no group decoded');
  return decoded;
}

/** Decodes a document that must be invalid; returns its problems. */
export function problemsOf(document: unknown): Problem[] {
  const result = decodeRestoreInput(document);
  if (result.ok) return expect.fail('expected problems, the document is valid');
  return result.problems;
}

/** Warnings of a document, valid or not. */
export function warningsOf(document: unknown): Problem[] {
  return decodeRestoreInput(document).warnings;
}

/** The common fields of a group restored back into the source account and region. */
export const SOURCE = { source_account: '111111111111', source_region: 'us-east-1' } as const;

/** The defaults every decoded group carries when the input says nothing about the search. */
export const DEFAULT_SEARCH = {
  search_direction: 'before',
  start_search_day_offset: 0,
  end_search_day_offset: 0,
} as const;
