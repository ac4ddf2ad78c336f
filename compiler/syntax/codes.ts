// The diagnostic codes the lexer and parser report, with their messages. They mirror the central
// catalogue (compiler/diagnostics/catalogue.ts), where they are merged; codes.test.ts checks the
// two agree. Kept here too so the syntax pass builds its diagnostics without depending on how the
// catalogue's types evolve.

import type { Diagnostic, Severity, Span } from "../diagnostics/types.js";

interface SyntaxCode {
  severity: Severity;
  title: string;
  template: string;
}

export const SYNTAX_CODES = {
  // E00xx lexical
  E0001: { severity: "error", title: "unexpected character", template: "unexpected character `{text}`" },
  E0002: { severity: "error", title: "unterminated string literal", template: "unterminated string literal" },
  E0003: { severity: "error", title: "invalid escape sequence", template: "invalid escape sequence `{text}` in string literal" },
  E0004: { severity: "error", title: "malformed number literal", template: "malformed number literal `{text}`" },
  E0005: { severity: "error", title: "unterminated block comment", template: "unterminated block comment" },
  E0006: { severity: "error", title: "malformed bytes literal", template: "malformed bytes literal `{text}`: expected an even number of hex digits" },
  // E01xx syntax
  E0101: { severity: "error", title: "syntax error", template: "{detail}" },
  E0102: { severity: "error", title: "unexpected end of file", template: "unexpected end of file: {detail}" },
  E0103: { severity: "error", title: "invalid item", template: "expected an item (fn, struct, enum, contract, …), found {found}" },
  E0104: { severity: "error", title: "invalid attribute", template: "{detail}" },
  E0105: { severity: "error", title: "invalid declaration", template: "{detail}" },
  // E9xxx internal
  E9001: { severity: "error", title: "internal compiler error", template: "internal compiler error in {pass}: {detail} (this is a bug in silkc; please report it)" },
} as const satisfies Record<string, SyntaxCode>;

export type SyntaxCodeName = keyof typeof SYNTAX_CODES;

export function syntaxDiagnostic(
  code: SyntaxCodeName,
  span: Span,
  args: Record<string, string> = {},
  hints: string[] = [],
): Diagnostic {
  const info: SyntaxCode = SYNTAX_CODES[code];
  return {
    code,
    severity: info.severity,
    message: info.template.replace(/\{(\w+)\}/g, (whole, key: string) => args[key] ?? whole),
    span,
    related: [],
    hints,
  };
}
