// Never throws: arbitrary text and token-level mutations of valid programs always give a tree
// and diagnostics. Runs: SILK_FUZZ_RUNS (default 10,000). Replay a failure with FC_SEED=<seed>
// (fast-check prints the seed and path).

import fc from "fast-check";
import { test } from "vitest";
import { parse } from "./parse.js";
import { silkLexer } from "./tokens.js";
import { validCorpus } from "./testutil.js";

const RUNS = Number(process.env["SILK_FUZZ_RUNS"] ?? 10_000);
const SEED = process.env["FC_SEED"] !== undefined ? Number(process.env["FC_SEED"]) : undefined;
const params = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };

function checkResult(text: string): void {
  const r = parse(text, "fuzz.silk");
  // Plain checks, not expect(): this runs tens of thousands of times.
  if (r.ast.kind !== "SourceFile") throw new Error("no tree");
  for (const d of r.diagnostics) {
    // A thrown error inside the pass surfaces as E9001: that is a bug too.
    if (d.code === "E9001") throw new Error(d.message);
    if (d.span.start < 0 || d.span.end > text.length) throw new Error(`span out of range: ${JSON.stringify(d.span)}`);
  }
}

// Token images of the corpus, split into pieces that mutations can rearrange.
const programs = validCorpus().map((f) => {
  const toks = silkLexer.tokenize(f.text).tokens;
  return toks.map((t, i) => {
    const next = toks[i + 1];
    // Keep the original spacing after each token so mutations stay token-level.
    return f.text.slice(t.startOffset, next ? next.startOffset : f.text.length);
  });
});

type Mutation = { op: "delete" | "duplicate" | "swap" | "insert"; at: number; other: number };

const mutationArb = fc.record({
  op: fc.constantFrom<Mutation["op"]>("delete", "duplicate", "swap", "insert"),
  at: fc.nat(),
  other: fc.nat(),
});

function mutate(pieces: string[], ms: Mutation[]): string {
  const p = [...pieces];
  for (const m of ms) {
    if (p.length === 0) break;
    const i = m.at % p.length;
    const j = m.other % p.length;
    if (m.op === "delete") p.splice(i, 1);
    else if (m.op === "duplicate") p.splice(i, 0, p[i]!);
    else if (m.op === "swap") [p[i], p[j]] = [p[j]!, p[i]!];
    else p.splice(i, 0, p[j]!);
  }
  return p.join("");
}

test("arbitrary strings never make the parser throw", () => {
  const alphabet = fc.constantFrom(..."{}()[]<>;:,.=+-*/%!&|^#\"'\\ \n\tabcxyz019_".split(""), "fn ", "let ", "contract ", "///", "/*", "0x", "hex\"", "match ", "if ");
  const text = fc.oneof(fc.string({ maxLength: 200 }), fc.array(alphabet, { maxLength: 80 }).map((xs) => xs.join("")));
  fc.assert(fc.property(text, (t) => checkResult(t)), params);
});

test("token-level mutations of valid programs never make the parser throw", () => {
  const arb = fc.tuple(fc.nat({ max: programs.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 6 }));
  fc.assert(fc.property(arb, ([pi, ms]) => checkResult(mutate(programs[pi]!, ms))), params);
});
