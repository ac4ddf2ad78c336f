import { expect, test } from "vitest";
import { parse } from "./parse.js";
import { SilkParser, getParser } from "./parser.js";
import { validCorpus } from "./testutil.js";

test("one parser instance is built and reused across parses", () => {
  const first = getParser();
  for (const f of validCorpus()) parse(f.text, f.name);
  parse("fn broken( {", "b.silk");
  expect(getParser()).toBe(first);
  expect(SilkParser.constructions).toBe(1);
});

test("a warm parse of a small program is sub-millisecond", () => {
  const text = "contract C { storage { a: u8 } pub fn f(x: u8) -> u8 { let y = x + 1; return y * 2; } }";
  for (let i = 0; i < 200; i++) parse(text, "w.silk");
  const n = 500;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) parse(text, "w.silk");
  const per = (performance.now() - t0) / n;
  // Generous bound so slow CI machines pass; the typical figure is far below it.
  expect(per).toBeLessThan(1);
});
