// End-to-end: the real `silk` binary (built JavaScript in dist/, as `npm install` leaves it).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const BIN = join(ROOT, "dist/cli/main.js");
const COUNTER = join(ROOT, "examples/vm/counter.wat");

function silk(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("silk vm (end to end)", () => {
  it("runs the counter example on both engines with identical JSON", () => {
    const a = silk("vm", "run", COUNTER, "--export", "call", "--input", "0700000000000000", "--json", "--engine", "v8");
    const b = silk("vm", "run", COUNTER, "--export", "call", "--input", "0700000000000000", "--json", "--engine", "interp");
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.out).toBe(b.out);
    const j = JSON.parse(a.out);
    expect(j.status).toBe("ok");
    expect(j.trap).toBeNull();
    expect(j.returnData).toBe("0700000000000000");
    expect(BigInt(j.gasUsed)).toBeGreaterThan(0n);
    expect(j.writes).toHaveLength(1);
  });

  it("reports out of gas with the whole limit used", () => {
    const r = silk("vm", "run", COUNTER, "--export", "call", "--gas", "5000", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: "5000", writes: [] });
  });

  it("reverts with data", () => {
    const r = silk("vm", "run", COUNTER, "--export", "call", "--input", "000000000000000000", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.status).toBe("revert");
    expect(Buffer.from(j.returnData, "hex").toString()).toBe("input too long");
  });

  it("rejects a module outside the policy with exit code 3 and the rule", () => {
    const dir = mkdtempSync(join(tmpdir(), "silk-"));
    const f = join(dir, "float.wat");
    writeFileSync(f, `(module (func (export "f") (result f32) (f32.const 1)))`);
    const r = silk("vm", "run", f, "--export", "f", "--json");
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({ status: "rejected", rule: "policy.float" });
    const v = silk("vm", "validate", f);
    expect(v.code).toBe(3);
    expect(v.out).toMatch(/policy\.float/);
  });

  it("returns exit code 2 for usage errors", () => {
    expect(silk("vm", "run", COUNTER, "--export", "call", "--input", "xyz").code).toBe(2);
    expect(silk("vm", "run", COUNTER, "--export", "nope").code).toBe(2);
    expect(silk("vm", "run", COUNTER).code).toBe(2);
    expect(silk("vm", "run", "/does/not/exist.wasm", "--export", "x").code).toBe(2);
    expect(silk("vm", "run", COUNTER, "--export", "call", "--engine", "jvm").code).toBe(2);
  });

  it("validates a .wasm file", () => {
    const r = silk("vm", "validate", join(ROOT, "../shared/wasm-testsuite/fac/fac.0.wasm"), "--json");
    // fac uses only integer instructions and no imports
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ status: "valid" });
  });
});
