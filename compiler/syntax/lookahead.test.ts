import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import type { CstNode, IToken } from "./chevrotain.js";
import { lex } from "./lex.js";
import { SilkParser } from "./parser.js";
import { validCorpus } from "./testutil.js";

// Separate file (own process): it builds parsers besides the shared one.
// The indexed lookahead (lookahead.ts) must decide exactly as Chevrotain's LL(k) scan: same CST,
// same errors, on valid programs, on the invalid corpus and on mutated programs (recovery paths).

const INVALID_DIR = fileURLToPath(new URL("../testdata/invalid/", import.meta.url));
const indexed = new SilkParser(false, "indexed");
const llk = new SilkParser(false, "llk");

function tokenKey(t: IToken): string {
  return `${t.tokenType.name}@${t.startOffset}${t.isInsertedInRecovery ? "+" : ""}`;
}

function outcome(parser: SilkParser, text: string): string {
  const tokens = lex(text, "t.silk").tokens;
  parser.noStruct = false;
  parser.input = tokens;
  const cst = parser.sourceFile();
  const replacer = (_k: string, v: unknown): unknown =>
    v && typeof v === "object" && "tokenType" in v ? tokenKey(v as IToken) : v;
  const errors = parser.errors.map((e) => `${e.name}: ${e.message} at ${tokenKey(e.token)}`);
  return JSON.stringify({ cst: cst as CstNode, errors, next: tokenKey(parser.nextToken()) }, replacer);
}

function corpus(): string[] {
  const invalid = readdirSync(INVALID_DIR)
    .filter((f) => f.endsWith(".silk"))
    .map((f) => readFileSync(INVALID_DIR + f, "utf8"));
  return [...validCorpus().map((f) => f.text), ...invalid];
}

test("the indexed lookahead parses the corpus exactly as Chevrotain's LL(k)", () => {
  for (const text of corpus()) expect(outcome(indexed, text)).toBe(outcome(llk, text));
});

test("…and mutated programs too (error recovery takes every decision off the happy path)", () => {
  const junk = ["{", "}", "(", ")", ";", ",", "if", "match", "=>", "=", ">>=", ">", "let", "x", "1", ".", "::", "[", "]", "with", "as", "-", "_"];
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (const text of corpus()) {
    const words = text.split(/(\s+)/);
    for (let k = 0; k < 3; k++) {
      const w = words.slice();
      const at = rnd(w.length);
      const op = rnd(3);
      if (op === 0) w.splice(at, 1);
      else if (op === 1) w.splice(at, 0, ` ${junk[rnd(junk.length)]} `);
      else w[at] = junk[rnd(junk.length)]!;
      const mutated = w.join("");
      expect(outcome(indexed, mutated)).toBe(outcome(llk, mutated));
      const cut = text.slice(0, rnd(text.length));
      expect(outcome(indexed, cut)).toBe(outcome(llk, cut));
    }
  }
});

test("CST children have no inherited keys (the fast children object reads like Chevrotain's)", () => {
  indexed.input = lex("fn f() { let x = 1; }", "t.silk").tokens;
  const cst = indexed.sourceFile();
  expect("toString" in cst.children).toBe(false);
  expect(cst.children["constructor"]).toBeUndefined();
  expect(Object.keys(cst.children)).toEqual(["item"]);
});
