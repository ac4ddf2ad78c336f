// Shared state of one CST→AST build: spans, identifiers, doc attachment, diagnostics.
// With error recovery on, any CST child may be missing and a recovered token may carry NaN
// offsets; everything here degrades to a best-effort span instead of failing.

import type { CstNode, IToken } from "./chevrotain.js";
import type { Attribute, Ident, Path } from "../ast/ast.js";
import type { Diagnostic, Span } from "../diagnostics/types.js";
import { syntaxDiagnostic, type SyntaxCodeName } from "./codes.js";
import type { Comment } from "./lex.js";

export class BuildContext {
  /** The last good offset seen, used as the position of things that are missing. */
  private cursor = 0;
  /** Doc comments attached to a declaration; they are not returned as free comments. */
  readonly usedDocs = new Set<Comment>();

  constructor(
    readonly file: string,
    readonly text: string,
    readonly comments: readonly Comment[],
    readonly diagnostics: Diagnostic[],
  ) {}

  at(start: number, end: number): Span {
    return { file: this.file, start, end };
  }

  /** Span of a CST node (from its location), or an empty span at the cursor when unknown. */
  span(node: CstNode | undefined): Span {
    const loc = node?.location;
    if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) {
      this.cursor = loc.startOffset;
      return this.at(loc.startOffset, (loc.endOffset as number) + 1);
    }
    return this.at(this.cursor, this.cursor);
  }

  tokSpan(tok: IToken | undefined): Span {
    if (tok && Number.isFinite(tok.startOffset) && !tok.isInsertedInRecovery) {
      this.cursor = tok.startOffset;
      return this.at(tok.startOffset, tok.startOffset + tok.image.length);
    }
    return this.at(this.cursor, this.cursor);
  }

  join(a: Span, b: Span): Span {
    return this.at(Math.min(a.start, b.start), Math.max(a.end, b.end));
  }

  /** An identifier from a token; a missing one becomes an empty name (an error was reported). */
  ident(tok: IToken | undefined): Ident {
    const ok = tok !== undefined && !tok.isInsertedInRecovery;
    return { kind: "Ident", text: ok ? tok.image : "", span: this.tokSpan(tok) };
  }

  path(segments: Ident[], span: Span): Path {
    return { kind: "Path", segments, span };
  }

  error(code: SyntaxCodeName, span: Span, args: Record<string, string> = {}): void {
    this.diagnostics.push(syntaxDiagnostic(code, span, args));
  }

  /**
   * The `///` run directly above `offset` (only whitespace between the comments and the
   * declaration), as lines without the `///`. Attached comments are marked used.
   */
  docsBefore(offset: number): string[] {
    const cs = this.comments;
    // Binary search: last comment that ends at or before `offset`.
    let lo = 0;
    let hi = cs.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cs[mid]!.span.end <= offset) {
        idx = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const run: Comment[] = [];
    let limit = offset;
    for (let i = idx; i >= 0; i--) {
      const c = cs[i]!;
      if (c.kind !== "doc" || !/^\s*$/.test(this.text.slice(c.span.end, limit))) break;
      run.push(c);
      limit = c.span.start;
    }
    run.reverse();
    for (const c of run) this.usedDocs.add(c);
    return run.map((c) => c.text.slice(3));
  }

  attribute(name: IToken | undefined, args: IToken[], span: Span): Attribute {
    return { kind: "Attribute", name: this.ident(name), args: args.map((t) => this.ident(t)), span };
  }
}
