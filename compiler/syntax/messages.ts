// Human wording for Chevrotain's syntax errors: "expected `;`, found `}`" rather than its
// default "Expecting token of type --> Semi <-- but found --> '}' <--".

import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "./chevrotain.js";
import * as T from "./tokens.js";

const NAMED: ReadonlyMap<TokenType, string> = new Map<TokenType, string>([
  [T.Identifier, "an identifier"],
  [T.IntLit, "a number"],
  [T.StringLit, "a string"],
  [T.HexBytesLit, "a bytes literal"],
  [T.BinaryOp, "an operator"],
  [T.AssignOp, "`=`"],
  [EOF, "end of file"],
]);

/** How a rule's expected alternatives read in a message ("expected an expression"). */
const RULE_WORDS: Readonly<Record<string, string>> = {
  item: "an item (fn, struct, enum, contract, …)",
  member: "a contract member (storage, init, fn, event, error, …)",
  stmt: "a statement",
  primary: "an expression",
  prefixExpr: "an expression",
  castExpr: "an expression",
  expr: "an expression",
  pattern: "a pattern",
  type: "a type",
  blockLikeExpr: "`if`, `match` or a block",
};

export const ITEM_EXPECTED = "expected an item (fn, struct, enum, contract, …)";

export function describeTokenType(t: TokenType): string {
  const named = NAMED.get(t);
  if (named) return named;
  const src = t.PATTERN instanceof RegExp ? t.PATTERN.source.replace(/\\/g, "") : t.name;
  return "`" + src + "`";
}

export function describeToken(tok: IToken): string {
  return tok.tokenType === EOF ? "end of file" : "`" + tok.image + "`";
}

function expectedList(paths: TokenType[][]): string {
  const firsts: string[] = [];
  for (const p of paths) {
    const t = p[0];
    if (!t) continue;
    const d = describeTokenType(t);
    if (!firsts.includes(d)) firsts.push(d);
  }
  if (firsts.length === 0) return "something else";
  if (firsts.length === 1) return firsts[0]!;
  const shown = firsts.slice(0, 6);
  return "one of " + shown.join(", ") + (firsts.length > shown.length ? ", …" : "");
}

export const silkErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    // Recovery inside the top-level repetition reports leftovers as "expected EOF".
    if (expected === EOF) return `${ITEM_EXPECTED}, found ${describeToken(actual)}`;
    return `expected ${describeTokenType(expected)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `${ITEM_EXPECTED}, found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const what = RULE_WORDS[ruleName] ?? expectedList(expectedPathsPerAlt.flat());
    return `expected ${what}, found ${actual[0] ? describeToken(actual[0]) : "end of file"}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const what = RULE_WORDS[ruleName] ?? expectedList(expectedIterationPaths);
    return `expected ${what}, found ${actual[0] ? describeToken(actual[0]) : "end of file"}`;
  },
};
