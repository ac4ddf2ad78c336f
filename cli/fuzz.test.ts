// End-to-end: `silk test` and `silk fuzz` through the real binary (built JavaScript in dist/,
// as `npm install` leaves it). Fuzz runs are kept small so that the file takes a few seconds.

import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const BIN = join(ROOT, "dist/cli/main.js");
const TOKEN = "examples/token.silk";
const BUGGY = "cli/testdata/buggy-token.silk";

function silk(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("silk fuzz (end to end)", () => {
  it("catches the token whose mint forgets the supply, with a shrunk sequence and a replay", () => {
    const r = silk("fuzz", BUGGY, "--init", "1000", "--seed", "7", "--runs", "50");
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL: invariant BuggyToken.balance_within_supply(who: ");
    expect(r.out).toMatch(/1\. @alice mint\(@\w+, \d+\) {2}→ ok/);
    expect(r.out).toContain("replay:    silk fuzz cli/testdata/buggy-token.silk --seed 7 --runs 50 --depth 20 --init 1000");
    expect(r.out).toContain("seed 7");
    // The shrunk sequence, as a `silk test` command, reproduces the failure.
    const cmd = /as a test: silk test (.*)\n/.exec(r.out)![1]!;
    const args = [...cmd.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    const t = silk("test", ...args);
    expect(t.code).toBe(1);
    expect(t.out).toContain("FAIL: invariant BuggyToken.balance_within_supply");
  });

  it("moves the block height to pass a deadline, and the replay sets the height", () => {
    const r = silk("fuzz", "cli/testdata/late-unlock.silk", "--init", "50", "--seed", "11", "--runs", "100");
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL: invariant Lock.still_locked() is false");
    expect(r.out).toMatch(/@\w+ height=\d+ unlock\(\) {2}→ ok/);
    const cmd = /as a test: silk test (.*)\n/.exec(r.out)![1]!;
    const args = [...cmd.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    const t = silk("test", ...args);
    expect(t.code).toBe(1);
    expect(t.out).toContain("FAIL: invariant Lock.still_locked");
  });

  it("the same seed gives the same report (JSON), on both engines", () => {
    const a = silk("fuzz", BUGGY, "--init", "1000", "--seed", "3", "--runs", "30", "--json");
    const b = silk("fuzz", BUGGY, "--init", "1000", "--seed", "3", "--runs", "30", "--json", "--engine", "interp");
    expect(a.code).toBe(1);
    expect(b.code).toBe(1);
    const ja = JSON.parse(a.out), jb = JSON.parse(b.out);
    expect(ja).toMatchObject({ ok: false, seed: 3, failure: { invariant: "BuggyToken.balance_within_supply", outcome: "false" } });
    expect(ja.failure.sequence).toEqual(jb.failure.sequence);
    expect(ja.failure.sequence.at(-1).call).toMatch(/^@alice mint\(/);
  });

  it("examples/token.silk keeps its invariant under a fixed seed", () => {
    const r = silk("fuzz", TOKEN, "--init", "1000", "--seed", "20261125", "--runs", "60", "--depth", "15");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("calling transfer, approve, transfer_from, balance_of, allowance, total_supply");
    expect(r.out).toMatch(/PASS: 60 runs of up to 15 calls: \d+ calls/);
    expect(r.out).toContain("seed 20261125");
  });
  // Usage errors, random seeds and the other findings are tested in process (cli/test.test.ts).
});

describe("silk test (end to end)", () => {
  it("passes on the token and fails on the buggy one", () => {
    const ok = silk("test", TOKEN, "--init", "1000", "--call", "transfer(@bob, 10)", "--call", "@bob transfer(@carol, 5)");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("PASS: 2 calls, 1 invariant, 21 checks");
    const bad = silk("test", BUGGY, "--init", "1000", "--call", "mint(@dave, 1001)", "--engine", "interp");
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("FAIL: invariant BuggyToken.balance_within_supply(who: @dave) is false\n  after call 1 (--call): mint(@dave, 1001)");
  });

  it("is listed in the help", () => {
    const h = silk("--help");
    expect(h.out).toContain("test");
    expect(h.out).toContain("fuzz");
  });
});
