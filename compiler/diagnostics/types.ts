// The shape every compiler pass reports problems in. The catalogue of codes lives beside
// this file (catalogue.ts); a pass never invents message text outside it.

export type Severity = "error" | "warning" | "note";

/** A half-open range [start, end) of UTF-16 code-unit offsets into one source file. */
export interface Span {
  file: string;
  start: number;
  end: number;
}

export interface Related {
  span: Span;
  message: string;
}

export interface Diagnostic {
  /** Catalogue code, e.g. "E0101". */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  related: Related[];
  /** Hints such as "did you mean `balance`?" */
  hints: string[];
}
