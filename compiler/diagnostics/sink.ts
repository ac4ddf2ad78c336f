// The diagnostics sink, after Sway's `Handler`: reporting an error returns an `ErrorEmitted`
// token, and this module is the only one that can make one. A function that gives up returns the
// token, so no code path can fail without having said why.

import { CATALOGUE, formatMessage, type Code, type MessageArgs } from "./catalogue.js";
import type { Diagnostic, Related, Span } from "./types.js";

/** Module-private mint key: nothing outside this file can construct an ErrorEmitted. */
const MINT: unique symbol = Symbol("ErrorEmitted.mint");

export class ErrorEmitted {
  /** Makes the class nominal: a structurally similar object is not an ErrorEmitted. */
  private readonly _brand = "ErrorEmitted";
  constructor(key: typeof MINT) {
    if (key !== MINT) throw new Error("ErrorEmitted can only be made by DiagnosticSink");
  }
}

export interface Extra {
  related?: Related[];
  hints?: string[];
}

type CodeOf<S> = { [K in Code]: (typeof CATALOGUE)[K]["severity"] extends S ? K : never }[Code];
export type ErrorCode = CodeOf<"error">;
export type WarningCode = CodeOf<"warning">;

export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  private errors = 0;

  /** Reports an error and returns the proof that it was reported. */
  error(code: ErrorCode, span: Span, args: MessageArgs = {}, extra: Extra = {}): ErrorEmitted {
    this.push(code, span, args, extra);
    return new ErrorEmitted(MINT);
  }

  warn(code: WarningCode, span: Span, args: MessageArgs = {}, extra: Extra = {}): void {
    this.push(code, span, args, extra);
  }

  /**
   * Adopts a diagnostic made elsewhere (e.g. by the parser) so the gate sees it. Returns a token
   * when it is an error, because adopting an error is how a pass learns it must stop.
   */
  adopt(d: Diagnostic): ErrorEmitted | undefined {
    this.diagnostics.push(d);
    if (d.severity === "error") {
      this.errors++;
      return new ErrorEmitted(MINT);
    }
    return undefined;
  }

  hasErrors(): boolean {
    return this.errors > 0;
  }

  get errorCount(): number {
    return this.errors;
  }

  private push(code: Code, span: Span, args: MessageArgs, extra: Extra): void {
    const info = CATALOGUE[code];
    if (info.severity === "error") this.errors++;
    this.diagnostics.push({
      code,
      severity: info.severity,
      message: formatMessage(code, args),
      span,
      related: extra.related ?? [],
      hints: extra.hints ?? [],
    });
  }
}

/** Sorts diagnostics by file, then position, then code — the order every renderer prints in. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
