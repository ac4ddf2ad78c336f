// Lexing: Chevrotain's tokens plus Silk's literal checks, as diagnostics. Comments are returned
// separately (the formatter re-emits them; the visitor attaches `///` runs as docs).

import type { IToken } from "./chevrotain.js";
import type { Diagnostic, Span } from "../diagnostics/types.js";
import { syntaxDiagnostic } from "./codes.js";
import * as T from "./tokens.js";

export interface Comment {
  /** `doc` is `///`; a doc comment not attached to a declaration stays in this list. */
  kind: "line" | "block" | "doc";
  /** The full text, including the `//`, `///` or block-comment delimiters. */
  text: string;
  span: Span;
}

export interface LexResult {
  tokens: IToken[];
  comments: Comment[];
  diagnostics: Diagnostic[];
}

const DEC = /^[0-9][0-9_]*$/;
const HEX = /^0x_*[0-9a-fA-F][0-9a-fA-F_]*$/;
const BIN = /^0b_*[01][01_]*$/;

/** The value of a well-formed integer literal, or undefined if it is malformed. */
export function intValue(raw: string): bigint | undefined {
  if (HEX.test(raw) || BIN.test(raw)) return BigInt(raw.slice(0, 2) + raw.slice(2).replace(/_/g, ""));
  if (DEC.test(raw)) return BigInt(raw.replace(/_/g, ""));
  return undefined;
}

export interface DecodedString {
  value: string;
  /** Bad escapes as [offset within the raw token, text]. */
  bad: Array<[number, string]>;
}

/** Decodes a string token (quotes included, possibly unterminated). */
export function decodeString(raw: string): DecodedString {
  let value = "";
  const bad: Array<[number, string]> = [];
  // Stop at the first unescaped quote: an unterminated string simply runs to the end.
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"') break;
    if (c !== "\\") {
      value += c;
      continue;
    }
    const e = raw[i + 1];
    switch (e) {
      case "n": value += "\n"; i++; break;
      case "t": value += "\t"; i++; break;
      case "r": value += "\r"; i++; break;
      case "0": value += "\0"; i++; break;
      case "\\": value += "\\"; i++; break;
      case '"': value += '"'; i++; break;
      case "u": {
        const m = /^\\u\{([0-9a-fA-F]{1,6})\}/.exec(raw.slice(i));
        const cp = m ? parseInt(m[1]!, 16) : NaN;
        if (m && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
          value += String.fromCodePoint(cp);
          i += m[0].length - 1;
        } else {
          bad.push([i, m ? m[0] : "\\u"]);
          i++;
        }
        break;
      }
      default:
        bad.push([i, e === undefined ? "\\" : "\\" + e]);
        i++;
    }
  }
  return { value, bad };
}

export function lex(text: string, file: string): LexResult {
  const res = T.silkLexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  const sp = (start: number, len: number): Span => ({ file, start, end: start + len });

  for (const e of res.errors) {
    diagnostics.push(syntaxDiagnostic("E0001", sp(e.offset, e.length), { text: text.slice(e.offset, e.offset + e.length) }));
  }

  for (const tok of res.tokens) {
    const type = tok.tokenType;
    if (type === T.IntLit) {
      if (intValue(tok.image) === undefined) {
        diagnostics.push(syntaxDiagnostic("E0004", sp(tok.startOffset, tok.image.length), { text: tok.image }));
      }
    } else if (type === T.StringLit || type === T.UnterminatedString) {
      if (type === T.UnterminatedString) {
        diagnostics.push(syntaxDiagnostic("E0002", sp(tok.startOffset, tok.image.length)));
        // Parse on as if it were closed: one diagnostic, not a cascade.
        tok.tokenType = T.StringLit;
        tok.tokenTypeIdx = T.StringLit.tokenTypeIdx!;
      }
      for (const [at, bad] of decodeString(tok.image).bad) {
        diagnostics.push(syntaxDiagnostic("E0003", sp(tok.startOffset + at, bad.length), { text: bad }));
      }
    } else if (type === T.HexBytesLit) {
      const body = tok.image.slice(4, -1);
      if (!/^([0-9a-fA-F]{2})*$/.test(body)) {
        diagnostics.push(syntaxDiagnostic("E0006", sp(tok.startOffset, tok.image.length), { text: tok.image }));
      }
    }
  }

  const comments: Comment[] = [];
  for (const tok of res.groups["comments"] ?? []) {
    const type = tok.tokenType;
    if (type === T.UnterminatedComment) {
      diagnostics.push(syntaxDiagnostic("E0005", sp(tok.startOffset, 2)));
    }
    const kind = type === T.DocComment ? "doc" : type === T.LineComment ? "line" : "block";
    comments.push({ kind, text: tok.image, span: sp(tok.startOffset, tok.image.length) });
  }

  return { tokens: res.tokens, comments, diagnostics };
}
