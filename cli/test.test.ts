// `silk test`, `silk run --script` and `silk compile --test`, run in-process.

import { describe, expect, test } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { runCompile } from "./compile.js";
import { runRun } from "./run.js";
import { runTest } from "./test.js";
import { runFuzz } from "./fuzz.js";
import { loadAbi } from "../stdlib/abi/index.js";

const TOKEN = fileURLToPath(new URL("../examples/token.silk", import.meta.url));
const BUGGY = fileURLToPath(new URL("./testdata/buggy-token.silk", import.meta.url));

function io() {
  const out: string[] = [], err: string[] = [];
  return { out, err, text: () => out.join(""), errText: () => err.join(""), io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), isTty: false, cwd: process.cwd() } };
}

function tmp(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "silk-test-")), name);
  writeFileSync(file, text);
  return file;
}

describe("silk test", () => {
  test.each(["v8", "interp"])("the token's invariant holds through a script on %s", (engine) => {
    const script = tmp("calls.txt", "# a comment\ntransfer(@bob, 10)\n\n@bob transfer(@carol, 4)\n@carol approve(@dave, 3)\n@dave transfer_from(@carol, @eve, 3)\n@eve transfer(@alice, 99)\n");
    const t = io();
    expect(runTest(TOKEN, { init: "1000", script, engine }, t.io)).toBe(0);
    expect(t.text()).toContain("PASS: 5 calls, 1 invariant");
    const j = io();
    expect(runTest(TOKEN, { init: "1000", script, engine, json: true }, j.io)).toBe(0);
    const out = JSON.parse(j.text());
    expect(out).toMatchObject({ contract: "Token", ok: true, invariants: ["Token.balance_within_supply"] });
    // 7 addresses (5 actors, the contract, zero) after deploy and after each of the 5 calls.
    expect(out.checks).toBe(7 * 6);
    expect(out.results.at(-1)).toMatchObject({ call: "@eve transfer(@alice, 99)", status: "revert" });
  });

  test("a broken invariant: exit 1, naming the invariant, its arguments and the call", () => {
    const t = io();
    const code = runTest(BUGGY, { init: "1000", call: ["transfer(@bob, 10)", "mint(@bob, 990)", "mint(@carol, 1001)", "transfer(@bob, 1)"] }, t.io);
    expect(code).toBe(1);
    expect(t.text()).toContain("FAIL: invariant BuggyToken.balance_within_supply(who: @carol) is false");
    expect(t.text()).toContain("after call 3 (--call): mint(@carol, 1001)");
    expect(t.text()).not.toContain("transfer(@bob, 1):");
    const j = io();
    expect(runTest(BUGGY, { init: "1000", call: ["mint(@carol, 1001)"], json: true }, j.io)).toBe(1);
    expect(JSON.parse(j.text()).failure).toMatchObject({ invariant: "BuggyToken.balance_within_supply", args: { who: "@carol" }, outcome: "false", after: "mint(@carol, 1001)", index: 1 });
  });

  test("after init, reverting invariants, asserts and parameters of other types", () => {
    const src = tmp("c.silk", `
      contract C {
        storage { x: u8, flag: bool }
        init(x: u8) { self.x = x; }
        pub fn set(x: u8) { self.x = x; }
        pub fn boom() { assert(self.x != 7); }
        invariant small() { self.x < 200 }
        invariant no_wrap() { self.x + 100 > 0 }
        invariant typed(n: i16, b: bool, s: string, v: Vec<u8>, o: Option<address>) { n >= -32768 || b }
      }`);
    const a = io();
    expect(runTest(src, { init: "250" }, a.io)).toBe(1);
    expect(a.text()).toContain("FAIL: invariant C.small() is false\n  after deploy");
    const b = io();
    expect(runTest(src, { init: "1", call: ["set(156)"] }, b.io)).toBe(1);
    expect(b.text()).toContain("invariant C.no_wrap() reverted: Panic(ArithmeticOverflow)");
    const c = io();
    expect(runTest(src, { init: "7", call: ["boom()"] }, c.io)).toBe(1);
    expect(c.text()).toContain("FAIL: assert failed in call 1 (--call): boom()");
    const d = io();
    expect(runTest(src, { init: "1", call: ["set(2)"], json: true }, d.io)).toBe(0);
    // typed: 5 × 2 × 2 × 2 × (None + 7 addresses) = 320 combinations, after deploy and after set(2).
    expect(JSON.parse(d.text()).checks).toBe(2 * (1 + 1 + 320));
  });

  test("usage errors exit 2 with the place; compile errors exit 1", () => {
    const bad = tmp("bad.txt", "transfer(@bob, 1)\ntransfer(@bob)\n");
    const t = io();
    expect(runTest(TOKEN, { init: "1000", script: bad }, t.io)).toBe(2);
    expect(t.errText()).toMatch(/bad\.txt:2: .*takes 2 arguments/);
    const u = io();
    expect(runTest(TOKEN, { init: "1000", call: ["@mallory transfer(@bob, 1)"] }, u.io)).toBe(2);
    expect(u.errText()).toContain("--call: the sender must be one of alice");
    expect(runTest(TOKEN, { init: "1000", script: "/nonexistent/calls.txt" }, io().io)).toBe(2);
    expect(runTest(TOKEN, { init: "x" }, io().io)).toBe(2);
    expect(runTest(TOKEN, { engine: "jvm" }, io().io)).toBe(2);
    expect(runTest("/nonexistent.silk", {}, io().io)).toBe(2);
    expect(runTest(tmp("e.silk", "contract X { invariant a() { 1 } }"), {}, io().io)).toBe(1);
    const dep = io();
    expect(runTest(tmp("r.silk", `contract R { init() { require(false, "no"); } invariant a() { true } }`), {}, dep.io)).toBe(1);
    expect(dep.errText()).toContain("the deploy did not succeed");
  });
});

describe("silk run --script", () => {
  test("script lines with senders, values and heights, then --call", () => {
    const src = tmp("p.silk", `
      contract P {
        storage { total: u256, last: u64 }
        pub payable fn pay() { self.total += msg.value; self.last = block.height; }
        pub view fn total() -> u256 { return self.total; }
        pub view fn last() -> u64 { return self.last; }
      }`);
    const script = tmp("s.txt", "@bob value=5 pay()\nheight=9 value=7 pay()\n");
    const t = io();
    expect(runRun(src, { script, call: ["total()", "last()"], json: true }, t.io)).toBe(0);
    const results = JSON.parse(t.text()).results;
    expect(results.map((r: { call: string; status: string }) => [r.call, r.status])).toEqual([["deploy", "ok"], ["@bob value=5 pay()", "ok"], ["height=9 value=7 pay()", "ok"], ["total()", "ok"], ["last()", "ok"]]);
    expect(results[3].returns).toBe("12");
    expect(results[4].returns).toBe("9");
    expect(runRun(src, { script: tmp("x.txt", "value=abc pay()\n") }, io().io)).toBe(2);
  });
});

describe("silk compile --test", () => {
  test("lists invariants in the ABI; a normal build has none", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "silk-compile-"));
    const t = io();
    expect(runCompile(TOKEN, { outDir: path.join(dir, "test"), test: true }, t.io)).toBe(0);
    expect(t.text()).toContain("test build");
    const abi = loadAbi(readFileSync(path.join(dir, "test", "Token.abi.json"), "utf8"));
    expect(abi.invariants.map((v) => [v.owner, v.name, v.params.map((p) => p.name)])).toEqual([["Token", "balance_within_supply", ["who"]]]);
    expect(runCompile(TOKEN, { outDir: path.join(dir, "normal") }, io().io)).toBe(0);
    const normal = JSON.parse(readFileSync(path.join(dir, "normal", "Token.abi.json"), "utf8"));
    expect("invariants" in normal).toBe(false);
    expect(readFileSync(path.join(dir, "normal", "Token.wasm")).length).toBeLessThan(readFileSync(path.join(dir, "test", "Token.wasm")).length);
  });
});

describe("silk fuzz (in process)", () => {
  test("prints a random seed when none is given; usage errors exit 2", () => {
    const t = io();
    expect(runFuzz(TOKEN, { init: "1000", runs: "3" }, t.io)).toBe(0);
    expect(t.text()).toMatch(/\nseed \d+\n$/);
    for (const bad of [{ runs: "0" }, { depth: "-1" }, { seed: "x" }, { seed: "4294967296" }, { engine: "jvm" }, { path: "a:b" }, { optimize: "7" }]) {
      expect(runFuzz(TOKEN, { init: "1000", ...bad }, io().io), JSON.stringify(bad)).toBe(2);
    }
    expect(runFuzz(TOKEN, { runs: "1" }, io().io)).toBe(2); // init(supply) needs its argument
    expect(runFuzz("/nonexistent.silk", {}, io().io)).toBe(2);
  });

  test("finds failed asserts and post-init violations; skips what it cannot generate; attaches value", () => {
    const src = tmp("f.silk", `
      contract F {
        storage { paid: u256, n: u8 }
        pub payable fn pay() { self.paid += msg.value; }
        pub fn step(k: u8) { self.n = k; assert(k != 200 || self.paid == 0); }
        pub fn big(xs: [u8; 5000]) { }
        invariant paid_counted() { self.paid <= 5_000_000_000_000_000_000_000_000 }
      }`);
    const t = io();
    expect(runFuzz(src, { seed: "5", runs: "200", json: true }, t.io)).toBe(1);
    const j = JSON.parse(t.text());
    expect(j.skipped).toEqual([{ function: "big", reason: "cannot generate a fixed array of 5000 items (at most 1024)" }]);
    expect(j.called).toEqual(["pay", "step"]);
    expect(j.failure.assert).toBe("step");
    expect(j.failure.sequence.map((s: { call: string }) => s.call.replace(/^@\w+ /, ""))).toEqual([expect.stringMatching(/^value=\d+ pay\(\)$/), "step(200)"]);
    const init = tmp("g.silk", `contract G { storage { x: u8 } init() { self.x = 3; } pub fn f() { } invariant zero() { self.x == 0 } }`);
    const g = io();
    expect(runFuzz(init, { seed: "1", runs: "5" }, g.io)).toBe(1);
    expect(g.text()).toContain("FAIL: invariant G.zero() is false\n  right after deploy");
  });
});
