// The syntax pass: text → tokens → CST → AST, with every problem as a Diagnostic.
// `parse` never throws: a thrown error here is a compiler bug and is reported as E9001.

import { EOF, type IRecognitionException, type IToken, type TokenType } from "./chevrotain.js";
import type { SourceFile } from "../ast/ast.js";
import type { Diagnostic } from "../diagnostics/types.js";
import { syntaxDiagnostic } from "./codes.js";
import type * as C from "./cst.generated.js";
import { lex, type Comment } from "./lex.js";
import { ITEM_EXPECTED } from "./messages.js";
import { getParser } from "./parser.js";
import * as T from "./tokens.js";
import { BuildContext } from "./visit-context.js";
import { buildSourceFile } from "./visit-items.js";

export type { Comment } from "./lex.js";

export interface ParseResult {
  /**
   * Always present. When `diagnostics` holds an error it may be partial: missing pieces are
   * `MissingExpr` / `MissingType` / empty identifiers (see compiler/ast/ast.ts).
   */
  ast: SourceFile;
  diagnostics: Diagnostic[];
  /** Comments not attached to a declaration as `///` docs, in source order. For fmt/. */
  comments: Comment[];
}

/** Tokens that may start a top-level item: where parsing resumes after garbage at top level. */
const ITEM_START: ReadonlySet<TokenType> = new Set([
  T.Import, T.Contract, T.Component, T.Interface, T.Struct, T.Enum, T.Const, T.Type, T.Event,
  T.Error, T.Fn, T.Pub, T.Hash,
]);

export function parse(text: string, file: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  try {
    return parseInner(text, file, diagnostics);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    diagnostics.push(syntaxDiagnostic("E9001", { file, start: 0, end: 0 }, { pass: "syntax", detail }));
    const ast: SourceFile = { kind: "SourceFile", file, imports: [], items: [], span: { file, start: 0, end: text.length } };
    return { ast, diagnostics, comments: [] };
  }
}

function parseInner(text: string, file: string, diagnostics: Diagnostic[]): ParseResult {
  const lexed = lex(text, file);
  diagnostics.push(...lexed.diagnostics);
  const tokens = lexed.tokens;
  // The lexer tracks start offsets only (cheaper); CST node locations need token ends.
  for (const t of tokens) t.endOffset = t.startOffset + t.image.length - 1;

  const parser = getParser();
  const ctx = new BuildContext(file, text, lexed.comments, diagnostics);
  const root: SourceFile = { kind: "SourceFile", file, imports: [], items: [], span: ctx.at(0, text.length) };

  // Parse; when top-level garbage stops the parser, report it, skip to the next token that can
  // start an item and parse the rest, so one stray token does not hide every later error.
  let rest = tokens;
  for (let round = 0; round <= tokens.length; round++) {
    parser.noStruct = false;
    parser.input = rest;
    const cst = parser.sourceFile() as C.SourceFileCstNode;
    const stop = parser.nextToken();
    const stoppedAt = stop.tokenType === EOF ? -1 : rest.indexOf(stop);
    for (const err of parser.errors) diagnostics.push(errorToDiagnostic(err, text, file, stop));
    if (stoppedAt >= 0 && !parser.errors.some((e) => e.token === stop)) {
      diagnostics.push(errorToDiagnostic(undefined, text, file, stop));
    }
    const part = buildSourceFile(ctx, cst);
    root.imports.push(...part.imports);
    root.items.push(...part.items);
    if (stoppedAt < 0) break;
    let next = stoppedAt + 1;
    while (next < rest.length && !ITEM_START.has(rest[next]!.tokenType)) next++;
    if (next >= rest.length) break;
    rest = rest.slice(next);
  }

  const comments = lexed.comments.filter((c) => !ctx.usedDocs.has(c));
  return { ast: root, diagnostics, comments };
}

/** `err` undefined: the parser stopped at `stop` without saying why (top-level garbage). */
function errorToDiagnostic(err: IRecognitionException | undefined, text: string, file: string, stop: IToken): Diagnostic {
  const tok: IToken = err?.token ?? stop;
  if (tok.tokenType === EOF || !Number.isFinite(tok.startOffset)) {
    const at = text.length;
    return syntaxDiagnostic("E0102", { file, start: at, end: at }, { detail: err?.message ?? "expected more input" });
  }
  const span = { file, start: tok.startOffset, end: tok.startOffset + tok.image.length };
  if (!err || tok === stop || err.message.startsWith(ITEM_EXPECTED)) return syntaxDiagnostic("E0103", span, { found: "`" + tok.image + "`" });
  return syntaxDiagnostic("E0101", span, { detail: err.message });
}
