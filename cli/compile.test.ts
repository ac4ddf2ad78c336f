import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { runCompile } from "./compile.js";
import { runRun, accountAddress } from "./run.js";
import { loadAbi } from "../stdlib/abi/index.js";

const TOKEN = fileURLToPath(new URL("../examples/token.silk", import.meta.url));
// The built CLI (tests run against dist/, which `npm install` / `npm run build` produces).
const BIN = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

function io() {
  const out: string[] = [], err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), isTty: false, cwd: process.cwd() } };
}

describe("silk compile", () => {
  test("writes .wasm, .abi.json and .wat", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "silk-compile-"));
    const t = io();
    expect(runCompile(TOKEN, { outDir: dir, emit: "wasm,abi,wat", optimize: "1" }, t.io)).toBe(0);
    const abi = loadAbi(readFileSync(path.join(dir, "Token.abi.json"), "utf8"));
    expect(abi.functions.has("transfer")).toBe(true);
    expect(existsSync(path.join(dir, "Token.wasm"))).toBe(true);
    expect(readFileSync(path.join(dir, "Token.wat"), "utf8")).toContain("(module");
  });

  test("two processes, with and without V8's Wasm tiering, write identical bytes", () => {
    const outs = [{}, { SILK_V8_TIERING: "1" }].map((extra) => {
      const dir = mkdtempSync(path.join(tmpdir(), "silk-compile-"));
      const r = spawnSync(process.execPath, [BIN, "compile", TOKEN, "-o", dir, "-O", "3"], {
        encoding: "utf8", env: { ...process.env, ...extra },
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      return readFileSync(path.join(dir, "Token.wasm"));
    });
    expect(outs[0].length).toBeGreaterThan(1000);
    expect(Buffer.compare(outs[0], outs[1])).toBe(0);
  });

  test("exit 1 with diagnostics, 2 on usage errors", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "silk-compile-"));
    const bad = path.join(dir, "bad.silk");
    writeFileSync(bad, "contract X { pub fn f() -> u8 { return true; } }");
    const t = io();
    expect(runCompile(bad, { outDir: dir }, t.io)).toBe(1);
    expect(t.err.join("")).toContain("E0301");
    expect(runCompile(TOKEN, { emit: "elf" }, io().io)).toBe(2);
    expect(runCompile(TOKEN, { optimize: "9" }, io().io)).toBe(2);
    expect(runCompile(path.join(dir, "missing.silk"), {}, io().io)).toBe(2);
  });
});

describe("silk run", () => {
  test.each(["v8", "interp"])("token on %s: returns, events, decoded revert, JSON", (engine) => {
    const t = io();
    const code = runRun(TOKEN, { init: "1000", call: ["transfer(@bob, 10)", "balance_of(@alice)", "transfer(@bob, 5000)"], engine, json: true }, t.io);
    expect(code).toBe(0);
    const out = JSON.parse(t.out.join(""));
    const bob = "0x" + Buffer.from(accountAddress("bob")).toString("hex");
    expect(out.results[0]).toMatchObject({ call: "deploy", status: "ok" });
    expect(out.results[1]).toMatchObject({ status: "ok", returns: true, events: [{ name: "Transfer", values: { to: bob, amount: "10" } }] });
    expect(out.results[2]).toMatchObject({ status: "ok", returns: "990" });
    expect(out.results[3]).toMatchObject({ status: "revert", error: { kind: "error", name: "InsufficientBalance", values: { have: "990", need: "5000" } } });
  });

  test("human output and usage errors", () => {
    const t = io();
    expect(runRun(TOKEN, { init: "7", call: ["total_supply()"] }, t.io)).toBe(0);
    expect(t.out.join("")).toContain("returns 7");
    expect(runRun(TOKEN, { init: "7", call: ["nope()"] }, io().io)).toBe(2);
    expect(runRun(TOKEN, { from: "mallory" }, io().io)).toBe(2);
    expect(runRun(TOKEN, { engine: "jvm" }, io().io)).toBe(2);
  });

  test("a directory: its .silk files compiled together, the contract chosen by --contract when several", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "silk-run-dir-"));
    writeFileSync(path.join(dir, "math.silk"), "pub fn triple(x: u64) -> u64 { return x * 3; }\n");
    writeFileSync(path.join(dir, "main.silk"), 'import { triple } from "./math";\ncontract Main { pub fn f(x: u64) -> u64 { return triple(x) + 1; } }\n');
    writeFileSync(path.join(dir, "notes.txt"), "not Silk");
    const t = io();
    expect(runRun(dir, { call: ["f(4)"], json: true }, t.io)).toBe(0);
    const out = JSON.parse(t.out.join(""));
    expect(out.contract).toBe("Main");
    expect(out.results[1]).toMatchObject({ status: "ok", returns: "13" });

    writeFileSync(path.join(dir, "other.silk"), "contract Other { pub fn g() -> u8 { return 2; } }\n");
    const amb = io();
    expect(runRun(dir, { call: ["f(4)"] }, amb.io)).toBe(2);
    expect(amb.err.join("")).toContain("choose one with --contract");
    const two = io();
    expect(runRun(dir, { contract: "Other", call: ["g()"], json: true }, two.io)).toBe(0);
    expect(JSON.parse(two.out.join("")).results[1]).toMatchObject({ status: "ok", returns: "2" });
    expect(runRun(mkdtempSync(path.join(tmpdir(), "silk-run-empty-")), {}, io().io)).toBe(2);
  });
});
