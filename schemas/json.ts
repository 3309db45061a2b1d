/**
 * JSON text → value, or where the text stops being JSON. V8's own messages are not used: some carry no
 * position and some quote the surrounding text, which can hold a token.
 */

export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

export function parseJson(text: string): JsonParse {
  // Editors on Windows save a byte-order mark, which JSON.parse rejects.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch {
    const { offset, message } = locateError(source);
    return { ok: false, ...lineAndColumn(source, offset), message };
  }
}

function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** The first place where `source` is not JSON (RFC 8259), with what was expected there. */
function locateError(source: string): { offset: number; message: string } {
  if (source.trim() === '') return { offset: 0, message: 'the file is empty' };
  try {
    new Scanner(source).document();
  } catch (error) {
    if (error instanceof SyntaxProblem) return error;
    // Nesting deep enough to exhaust the stack: no position to give.
  }
  return { offset: 0, message: 'not valid JSON' };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];
const ESCAPES = '"\\/bfnrt';

class Scanner {
  private pos = 0;

  constructor(private readonly s: string) {}

  document(): void {
    this.value();
    this.space();
    if (this.pos < this.s.length) this.fail('unexpected text after the end of the JSON document');
  }

  private fail(message: string, at = this.pos): never {
    throw new SyntaxProblem(at, message);
  }

  private space(): void {
    while (this.pos < this.s.length && ' \t\n\r'.includes(this.s[this.pos] ?? '')) this.pos++;
  }

  private unexpected(expectedWhat: string): never {
    const ch = this.s[this.pos];
    if (ch === undefined) this.fail(`unexpected end of file, expected ${expectedWhat}`);
    this.fail(`unexpected ${JSON.stringify(ch)}, expected ${expectedWhat}`);
  }

  private value(): void {
    this.space();
    const ch = this.s[this.pos];
    if (ch === '{') this.object();
    else if (ch === '[') this.array();
    else if (ch === '"') this.string();
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) this.number();
    else if (ch !== undefined && /[a-z]/.test(ch)) this.literal();
    else this.unexpected('a value');
  }

  private object(): void {
    this.pos++;
    this.space();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.space();
      if (this.s[this.pos] !== '"') this.unexpected('a double-quoted property name');
      this.string();
      this.space();
      if (this.s[this.pos] !== ':') this.unexpected('":" after a property name');
      this.pos++;
      this.value();
      this.space();
      const ch = this.s[this.pos];
      this.pos++;
      if (ch === '}') return;
      if (ch !== ',') {
        this.pos--;
        this.unexpected('"," or "}" after a property value');
      }
    }
  }

  private array(): void {
    this.pos++;
    this.space();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.value();
      this.space();
      const ch = this.s[this.pos];
      this.pos++;
      if (ch === ']') return;
      if (ch !== ',') {
        this.pos--;
        this.unexpected('"," or "]" after a list element');
      }
    }
  }

  private string(): void {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const ch = this.s[this.pos];
      if (ch === undefined) this.fail('unterminated string', start);
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch < ' ') this.fail('line break or control character in a string (write it as \\n, \\t, …)');
      if (ch === '\\') {
        const escape = this.s[this.pos + 1] ?? '';
        if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.pos + 2, this.pos + 6)))
          this.pos += 6;
        else if (escape !== '' && ESCAPES.includes(escape)) this.pos += 2;
        else this.fail('invalid escape in a string');
      } else {
        this.pos++;
      }
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.s);
    if (match === null) this.fail('invalid number');
    this.pos += match[0].length;
  }

  private literal(): void {
    const word = LITERALS.find((w) => this.s.startsWith(w, this.pos));
    if (word === undefined) this.fail('unexpected word, expected a value (strings need double quotes)');
    this.pos += word.length;
  }
}
