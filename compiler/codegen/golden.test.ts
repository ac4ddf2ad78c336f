// Golden .wat files for core constructs at -O0 (regenerate with UPDATE=1): they pin what each
// construct lowers to, so a change in codegen shows up as a readable diff.
import { describe, expect, test } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileSource } from "../driver/compile.js";

const CASES: Record<string, string> = {
  checked_u32_add: `contract A { pub fn add(a: u32, b: u32) -> u32 { return a + b; } }`,
  storage_map: `contract M { storage { m: Map<address, u64> } pub fn bump(k: address) { self.m[k] += 1; } }`,
  loop_break: `contract L { pub fn f(n: u16) -> u16 { let mut s: u16 = 0; for i in 0..n { if i == 5 { break; } s += i; } return s; } }`,
  emit_require: `contract E { event Ping { #[indexed] who: address, n: u8 } error Low { n: u8 }
    pub fn ping(n: u8) { require(n > 1, Low { n }); emit Ping { who: msg.sender, n }; } }`,
};

describe("golden .wat (-O0)", () => {
  test.each(Object.keys(CASES))("%s", (name) => {
    const r = compileSource(CASES[name]!, { optimize: 0, wat: true });
    expect(r.diagnostics).toEqual([]);
    const wat = r.contracts[0]!.wat!;
    const file = fileURLToPath(new URL(`./testdata/${name}.wat`, import.meta.url));
    if (process.env.UPDATE === "1" || !existsSync(file)) writeFileSync(file, wat);
    expect(wat).toBe(readFileSync(file, "utf8"));
  });
});

// Deterministic builds across processes: the token's code hash is pinned in a golden file, so a
// run in another process (vitest forks one per file, CI another machine) must reproduce it.
test("examples/token.silk code hash is stable (-O2)", () => {
  const src = readFileSync(fileURLToPath(new URL("../../examples/token.silk", import.meta.url)), "utf8");
  const hash = compileSource(src, { optimize: 2 }).contracts[0]!.abi.codeHash + "\n";
  const file = fileURLToPath(new URL("./testdata/token.O2.codehash", import.meta.url));
  if (process.env.UPDATE === "1" || !existsSync(file)) writeFileSync(file, hash);
  expect(hash).toBe(readFileSync(file, "utf8"));
});
