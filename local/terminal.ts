/**
 * The live line of a terminal: redrawn in place (carriage return, then clear to the end of the line), so
 * it never leaves copies behind; lines printed meanwhile go above it. Off a terminal it prints nothing,
 * and the lines print as they are, never cut.
 */

/** Moves to the start of the line and clears it. */
export const CLEAR_LINE = '\r\x1b[K';

export interface TerminalStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export class StatusLine {
  private current: string | undefined;

  constructor(private readonly stream: TerminalStream | undefined) {}

  get tty(): boolean {
    return this.stream?.isTTY === true;
  }

  /** Columns of the terminal; a status line stays one shorter, so it never wraps. */
  get columns(): number {
    return this.stream?.columns ?? 80;
  }

  /** Draws the live line; `render` gets the width it must fit in. */
  show(render: (width: number) => string): void {
    if (!this.tty || this.stream === undefined) return;
    const width = Math.max(1, this.columns - 1);
    const text = render(width);
    this.current = text.length > width ? text.slice(0, width) : text;
    this.stream.write(`${CLEAR_LINE}${this.current}`);
  }

  /**
   * A permanent line, above the live one (which is drawn again below it). On a terminal it is wrapped at
   * spaces to the width, continued indented; off one it is written as it is, never cut.
   */
  line(text: string): void {
    if (this.stream === undefined) return;
    const lines = this.tty ? wrapIndented(text, this.columns) : text;
    if (this.current === undefined) {
      this.stream.write(`${lines}\n`);
      return;
    }
    this.stream.write(`${CLEAR_LINE}${lines}\n${this.current}`);
  }

  /** Removes the live line, leaving the cursor at the start of an empty line. */
  clear(): void {
    if (this.current === undefined || this.stream === undefined) return;
    this.stream.write(CLEAR_LINE);
    this.current = undefined;
  }
}

/** `text` in lines of at most `width` (a word longer than that keeps its own line), continued indented. */
function wrapIndented(text: string, width: number): string {
  if (text.length <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const limit = lines.length === 0 ? width : width - 2;
    if (line !== '' && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `  ${l}`)).join('\n');
}

/** `42s`, `4m12s`, `1h02m`: an elapsed time for a human. */
export function elapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** "1 group", "2 groups". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
