// Offsets → line/column. Spans carry UTF-16 offsets (what JavaScript strings index by); humans
// and editors want 1-based lines and columns, so every renderer goes through this one table.

export interface LineCol {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units like LSP's default encoding. */
  col: number;
}

export class LineIndex {
  /** Offset at which each line starts; lineStarts[0] === 0. */
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Line/column of an offset; offsets past the end clamp to the end of the text. */
  position(offset: number): LineCol {
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: off - this.lineStarts[lo]! + 1 };
  }

  /** The text of a 1-based line without its terminator. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return "";
    const next = this.lineStarts[line];
    let end = next === undefined ? this.text.length : next;
    while (end > start && (this.text[end - 1] === "\n" || this.text[end - 1] === "\r")) end--;
    return this.text.slice(start, end);
  }

  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? this.text.length;
  }
}
