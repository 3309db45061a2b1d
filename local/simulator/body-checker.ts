import { badRequest } from './errors.js';
import { parseInstant } from './time.js';

type Json = Record<string, unknown>;

/** A JSON object found in the body and the dotted path it was found at. */
export interface Node {
  readonly value: Json;
  readonly path: string;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Collects every problem of a restore body with its JSON path. `null` counts as absent, because the SDKs
 * send unset optional fields as null (reference §2.3). A missing parent skips its children silently:
 * the parent's own problem is already reported.
 */
export class BodyChecker {
  readonly problems: string[] = [];

  problem(message: string): void {
    this.problems.push(message);
  }

  /** Answer 400 with every problem collected so far. */
  check(): void {
    if (this.problems.length > 0) throw badRequest(...this.problems);
  }

  root(body: unknown, keys: readonly string[]): Node | undefined {
    if (!isRecord(body)) {
      this.problem('body: expected a JSON object');
      return undefined;
    }
    return this.known({ value: body, path: '' }, keys);
  }

  object(
    parent: Node | undefined,
    key: string,
    keys: readonly string[],
    required: boolean,
  ): Node | undefined {
    const value = this.get(parent, key, required);
    if (value === undefined || parent === undefined) return undefined;
    const path = at(parent.path, key);
    if (!isRecord(value)) {
      this.problem(`${path}: expected an object`);
      return undefined;
    }
    return this.known({ value, path }, keys);
  }

  /** Present-and-not-null keys among `keys`: for "exactly one of" rules. */
  present(parent: Node | undefined, keys: readonly string[]): string[] {
    return parent === undefined
      ? []
      : keys.filter((k) => parent.value[k] !== undefined && parent.value[k] !== null);
  }

  exactlyOne(parent: Node | undefined, keys: readonly string[]): string | undefined {
    if (parent === undefined) return undefined;
    const set = this.present(parent, keys);
    if (set.length !== 1) {
      this.problem(
        `${parent.path || 'body'}: exactly one of ${keys.join(', ')} must be set (got ${set.length})`,
      );
      return undefined;
    }
    return set[0];
  }

  string(parent: Node | undefined, key: string, required: boolean): string | undefined {
    const value = this.get(parent, key, required);
    if (value === undefined || parent === undefined) return undefined;
    const path = at(parent.path, key);
    if (typeof value !== 'string') return this.wrong(path, 'a string');
    if (required && value === '') {
      this.problem(`${path}: must not be empty`);
      return undefined;
    }
    return value;
  }

  enumeration(
    parent: Node | undefined,
    key: string,
    allowed: readonly string[],
    required: boolean,
  ): string | undefined {
    const value = this.string(parent, key, required);
    if (value === undefined || parent === undefined) return undefined;
    if (!allowed.includes(value)) {
      this.problem(`${at(parent.path, key)}: must be one of ${allowed.join(', ')} (got "${value}")`);
      return undefined;
    }
    return value;
  }

  timestamp(parent: Node | undefined, key: string, required: boolean): string | undefined {
    const value = this.string(parent, key, required);
    if (value === undefined || parent === undefined) return undefined;
    if (parseInstant(value) === undefined) {
      this.problem(`${at(parent.path, key)}: expected an RFC-3339 timestamp such as 2024-05-01T23:59:59Z`);
      return undefined;
    }
    return value;
  }

  integer(
    parent: Node | undefined,
    key: string,
    required: boolean,
    min?: number,
    max?: number,
  ): number | undefined {
    const value = this.get(parent, key, required);
    if (value === undefined || parent === undefined) return undefined;
    const path = at(parent.path, key);
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.wrong(path, 'an integer');
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
      const range = max === undefined ? `at least ${min}` : `between ${min ?? 0} and ${max}`;
      this.problem(`${path}: must be ${range} (got ${value})`);
      return undefined;
    }
    return value;
  }

  boolean(parent: Node | undefined, key: string, required: boolean): boolean | undefined {
    const value = this.get(parent, key, required);
    if (value === undefined || parent === undefined) return undefined;
    return typeof value === 'boolean' ? value : this.wrong(at(parent.path, key), 'a boolean');
  }

  strings(
    parent: Node | undefined,
    key: string,
    required: boolean,
    allowed?: readonly string[],
  ): string[] | undefined {
    const value = this.get(parent, key, required);
    if (value === undefined || parent === undefined) return undefined;
    const path = at(parent.path, key);
    if (!Array.isArray(value)) return this.wrong(path, 'an array of strings');
    const wrong = value.flatMap((v: unknown, i) => (typeof v === 'string' ? [] : [i]));
    for (const i of wrong) this.wrong(`${path}[${i}]`, 'a string');
    if (wrong.length > 0) return undefined;
    const strings = value as string[];
    if (required && strings.length === 0) {
      this.problem(`${path}: must not be empty`);
      return undefined;
    }
    if (allowed !== undefined) {
      strings.forEach((s, i) => {
        if (!allowed.includes(s))
          this.problem(`${path}[${i}]: must be one of ${allowed.join(', ')} (got "${s}")`);
      });
    }
    return strings;
  }

  /** An array of objects, each checked for unknown keys; `required` also means non-empty. */
  objects(
    parent: Node | undefined,
    key: string,
    keys: readonly string[],
    required: boolean,
  ): Node[] | undefined {
    const value = this.get(parent, key, required);
    if (value === undefined || parent === undefined) return undefined;
    const path = at(parent.path, key);
    if (!Array.isArray(value)) return this.wrong(path, 'an array');
    if (required && value.length === 0) {
      this.problem(`${path}: must not be empty`);
      return undefined;
    }
    const nodes: Node[] = [];
    value.forEach((element: unknown, i) => {
      const elementPath = `${path}[${i}]`;
      if (!isRecord(element)) this.problem(`${elementPath}: expected an object`);
      else nodes.push(this.known({ value: element, path: elementPath }, keys));
    });
    return nodes;
  }

  /** `[{key (required), value}]`, the Tag of reference §8. */
  tags(parent: Node | undefined, key: string): void {
    for (const tag of this.objects(parent, key, ['key', 'value'], false) ?? []) {
      this.string(tag, 'key', true);
      this.string(tag, 'value', false);
    }
  }

  private get(parent: Node | undefined, key: string, required: boolean): unknown {
    if (parent === undefined) return undefined;
    const value = parent.value[key];
    if (value === undefined || value === null) {
      if (required) this.problem(`${at(parent.path, key)}: required`);
      return undefined;
    }
    return value;
  }

  private known(node: Node, keys: readonly string[]): Node {
    for (const key of Object.keys(node.value)) {
      if (!keys.includes(key)) this.problem(`${at(node.path, key)}: unknown field`);
    }
    return node;
  }

  private wrong(path: string, expected: string): undefined {
    this.problem(`${path}: expected ${expected}`);
    return undefined;
  }
}
