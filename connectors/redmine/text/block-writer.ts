/**
 * Blocks that go on over consecutive lines. Paragraphs and lists flow into each other without a
 * blank line in both formats (a list may interrupt a paragraph; a line after an item continues it).
 */
export type FlowKind = 'text' | 'quote';

/**
 * Collects output lines, separating blocks of different kinds by a blank line: Textile only reads
 * a heading, a `<pre>`, a table or a quote at the start of a block (and markdown reads them the
 * same way), so both directions produce the same block structure. Blank lines of the input are
 * kept as they are.
 */
export class BlockWriter {
  readonly #lines: string[] = [];
  #last: FlowKind | 'blank' | 'start' | 'standalone' = 'start';

  /** A line of a block that goes on over consecutive lines of the same kind. */
  line(kind: FlowKind, text: string): void {
    if (this.#last !== 'blank' && this.#last !== 'start' && this.#last !== kind) this.#lines.push('');
    this.#lines.push(text);
    this.#last = kind;
  }

  /** A block that stands alone (a heading, a code block, a table, a rule). */
  block(lines: readonly string[]): void {
    if (this.#last !== 'blank' && this.#last !== 'start') this.#lines.push('');
    this.#lines.push(...lines);
    this.#last = 'standalone';
  }

  blank(): void {
    this.#lines.push('');
    this.#last = 'blank';
  }

  text(): string {
    return this.#lines.join('\n');
  }
}

/** The cells of a `| a | b |` row (markdown or Textile), trimmed; `\|` does not split. */
export function splitTableRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cell.trim());
}
