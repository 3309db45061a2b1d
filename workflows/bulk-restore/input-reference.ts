import { isRecord } from '../../core/fields.js';
import { describeValue } from '../../core/problems.js';
import { parseJson } from '../../schemas/json.js';
import { describeProblems, InvalidInput } from '../errors.js';
import { inputKeyProblem } from '../run-layout.js';
import type { StoreObjects } from '../run-store.js';

/** The member that makes an execution input a reference to a document in the run store. */
export const INPUT_KEY = 'input_key';

/** What a reference may set next to `input_key`, over the document's own values (as `restore` options do). */
const OVERRIDES = ['dry_run', 'base_url', 'skip_unplannable_groups'];

/** True when the input passes its document by reference (`{"input_key": …}`). */
export function isInputReference(input: unknown): input is Record<string, unknown> {
  return isRecord(input) && INPUT_KEY in input;
}

/**
 * bulkRestore's document: the input itself, or, for `{"input_key": "<key>"}`, the document at that key
 * of the run store (an upload under `inputs/`, or a bulkList `restore-input.json` as it is), with
 * `dry_run` / `base_url` of the reference applied. Step Functions passes at most 256 KiB of input; a
 * document of any size passes this way. A reference that cannot be followed is InvalidInput.
 */
export async function resolveInput(input: unknown, objects: StoreObjects): Promise<unknown> {
  if (!isInputReference(input)) return input;
  const fail = (path: string, message: string): never => {
    throw new InvalidInput(describeProblems([{ path, message }]));
  };
  const key = input[INPUT_KEY];
  if (typeof key !== 'string')
    return fail(INPUT_KEY, `expected a key of the run store, got ${describeValue(key)}`);
  const problem = inputKeyProblem(key);
  if (problem !== undefined) return fail(INPUT_KEY, problem);
  const unknown = Object.keys(input).filter((k) => k !== INPUT_KEY && !OVERRIDES.includes(k));
  if (unknown.length > 0) {
    return fail(
      unknown[0] ?? '',
      `not allowed next to ${INPUT_KEY} (the document holds everything else; only ${OVERRIDES.join(', ')} may be set here)`,
    );
  }
  const text = await objects.getText(key);
  if (text === undefined) return fail(INPUT_KEY, `no such document: ${objects.where(key)}`);
  const parsed = parseJson(text);
  if (!parsed.ok) {
    return fail(
      INPUT_KEY,
      `${objects.where(key)}:${parsed.line}:${parsed.column}: invalid JSON: ${parsed.message}`,
    );
  }
  if (!isRecord(parsed.value))
    return fail(INPUT_KEY, `${objects.where(key)} holds ${describeValue(parsed.value)}, not a document`);
  const overrides = Object.fromEntries(OVERRIDES.filter((k) => k in input).map((k) => [k, input[k]]));
  return { ...parsed.value, ...overrides };
}
