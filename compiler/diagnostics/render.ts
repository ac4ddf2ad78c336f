// Renders diagnostics the way rustc does:
//
//   error[E0301]: mismatched types: expected `u256`, found `bool`
//    --> token.silk:3:19
//     |
//   3 |     let x: u256 = true;
//     |                   ^^^^
//     |
//   note: the variable is declared here
//    --> token.silk:2:9
//     |
//   2 |     let y = 1;
//     |         ^
//     = help: did you mean `balance`?
//
// Colour (ANSI) only when asked, which the CLI does only when stdout is a TTY; `renderJson` is
// the machine form (`--format json`).

import { LineIndex } from "./source.js";
import type { Diagnostic, Span } from "./types.js";

export interface RenderOptions {
  /** Text of each file by the name spans carry. Missing files render without a code frame. */
  sources: ReadonlyMap<string, string>;
  color?: boolean;
  /** Maps a span's file to the name printed after `-->` (e.g. relative to the cwd). */
  displayName?: (file: string) => string;
}

const ANSI = {
  reset: "\x1b[0m",
  bold: "\x1b[1m",
  red: "\x1b[31m",
  yellow: "\x1b[33m",
  blue: "\x1b[34m",
  cyan: "\x1b[36m",
  green: "\x1b[32m",
} as const;

class Painter {
  constructor(private readonly on: boolean) {}
  paint(text: string, ...styles: (keyof typeof ANSI)[]): string {
    if (!this.on || text === "") return text;
    return styles.map((s) => ANSI[s]).join("") + text + ANSI.reset;
  }
}

export function renderHuman(diagnostics: readonly Diagnostic[], opts: RenderOptions): string {
  const indexes = new Map<string, LineIndex>();
  const indexOf = (file: string): LineIndex | undefined => {
    let ix = indexes.get(file);
    if (!ix) {
      const text = opts.sources.get(file);
      if (text === undefined) return undefined;
      ix = new LineIndex(text);
      indexes.set(file, ix);
    }
    return ix;
  };
  const p = new Painter(opts.color ?? false);
  const name = opts.displayName ?? ((f: string) => f);
  const out: string[] = [];
  for (const d of diagnostics) out.push(renderOne(d, indexOf, p, name));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  const summary: string[] = [];
  if (errors > 0) summary.push(p.paint(`error: ${errors} error${errors === 1 ? "" : "s"} emitted`, "bold", "red"));
  if (warnings > 0) summary.push(p.paint(`warning: ${warnings} warning${warnings === 1 ? "" : "s"} emitted`, "bold", "yellow"));
  return out.join("\n") + (summary.length > 0 ? "\n" + summary.join("\n") + "\n" : "");
}

function renderOne(
  d: Diagnostic,
  indexOf: (file: string) => LineIndex | undefined,
  p: Painter,
  name: (file: string) => string,
): string {
  const colour = d.severity === "error" ? "red" : d.severity === "warning" ? "yellow" : "green";
  const lines: string[] = [];
  // The gutter is as wide as the largest line number printed in this diagnostic.
  const spans = [d.span, ...d.related.map((r) => r.span)];
  const width = Math.max(
    1,
    ...spans.map((s) => String(indexOf(s.file)?.position(s.start).line ?? 1).length),
  );
  const pad = " ".repeat(width);
  lines.push(p.paint(`${d.severity}[${d.code}]`, "bold", colour) + p.paint(`: ${d.message}`, "bold"));
  lines.push(...frame(d.span, indexOf, p, name, pad, colour));
  for (const r of d.related) {
    lines.push(`${pad} ${p.paint("|", "blue")}`);
    lines.push(p.paint("note", "bold", "green") + p.paint(`: ${r.message}`, "bold"));
    lines.push(...frame(r.span, indexOf, p, name, pad, "blue"));
  }
  for (const h of d.hints) lines.push(`${pad} ${p.paint("=", "blue")} ${p.paint("help", "bold")}: ${h}`);
  return lines.join("\n") + "\n";
}

function frame(
  span: Span,
  indexOf: (file: string) => LineIndex | undefined,
  p: Painter,
  name: (file: string) => string,
  pad: string,
  caretColour: keyof typeof ANSI,
): string[] {
  const ix = indexOf(span.file);
  if (!ix) return [`${pad}${p.paint("-->", "blue")} ${name(span.file)}`];
  const start = ix.position(span.start);
  const end = ix.position(Math.max(span.start, span.end));
  const lineNo = String(start.line).padStart(pad.length);
  const text = ix.lineText(start.line);
  // A span running past its first line is underlined to the end of that line; an empty span
  // (e.g. "expected `;`" at end of input) still gets one caret.
  const caretEnd = end.line === start.line ? end.col : text.length + 1;
  const caretLen = Math.max(1, caretEnd - start.col);
  const lead = expandTabs(text.slice(0, start.col - 1)).replace(/[^\t]/g, " ");
  return [
    `${pad}${p.paint("-->", "blue")} ${name(span.file)}:${start.line}:${start.col}`,
    `${pad} ${p.paint("|", "blue")}`,
    `${p.paint(lineNo, "blue")} ${p.paint("|", "blue")} ${expandTabs(text)}`,
    `${pad} ${p.paint("|", "blue")} ${lead}${p.paint("^".repeat(caretLen), "bold", caretColour)}`,
  ];
}

/** Tabs become four spaces so carets line up whatever the terminal's tab stop. */
function expandTabs(s: string): string {
  return s.replace(/\t/g, "    ");
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file: string;
  start: { offset: number; line: number; col: number };
  end: { offset: number; line: number; col: number };
  related: { message: string; file: string; line: number; col: number; start: number; end: number }[];
  hints: string[];
}

/** `--format json`: one JSON document, an array of diagnostics with resolved positions. */
export function toJson(diagnostics: readonly Diagnostic[], opts: RenderOptions): JsonDiagnostic[] {
  const name = opts.displayName ?? ((f: string) => f);
  const indexes = new Map<string, LineIndex>();
  const pos = (file: string, off: number) => {
    let ix = indexes.get(file);
    if (!ix) {
      ix = new LineIndex(opts.sources.get(file) ?? "");
      indexes.set(file, ix);
    }
    return ix.position(off);
  };
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: name(d.span.file),
    start: { offset: d.span.start, ...pos(d.span.file, d.span.start) },
    end: { offset: d.span.end, ...pos(d.span.file, d.span.end) },
    related: d.related.map((r) => ({
      message: r.message,
      file: name(r.span.file),
      ...pos(r.span.file, r.span.start),
      start: r.span.start,
      end: r.span.end,
    })),
    hints: d.hints,
  }));
}

export function renderJson(diagnostics: readonly Diagnostic[], opts: RenderOptions): string {
  return JSON.stringify(toJson(diagnostics, opts), null, 2) + "\n";
}
