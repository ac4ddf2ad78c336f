import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerCheck, runCheck } from "./check.js";

const dir = mkdtempSync(path.join(tmpdir(), "silk-check-"));
writeFileSync(path.join(dir, "ok.silk"), "fn f(a: u8) -> u8 {\n    return a;\n}\n");
writeFileSync(path.join(dir, "warn.silk"), "fn f() {\n    let unused = 1;\n}\n");
writeFileSync(path.join(dir, "bad.silk"), "fn f() -> u8 {\n    return true;\n}\n");

function run(files: string[], format = "human", isTty = false) {
  let out = "";
  let err = "";
  const code = runCheck(files, format, { out: (s) => (out += s), err: (s) => (err += s), isTty, cwd: dir });
  return { code, out, err };
}

describe("silk check", () => {
  it("exits 0 and prints nothing for a clean file", () => {
    expect(run(["ok.silk"])).toEqual({ code: 0, out: "", err: "" });
  });
  it("exits 0 with warnings only, 1 with errors", () => {
    const w = run(["warn.silk"]);
    expect(w.code).toBe(0);
    expect(w.out).toContain("warning[W0001]: unused variable `unused`");
    const b = run(["ok.silk", "bad.silk"]);
    expect(b.code).toBe(1);
    expect(b.out).toContain("error[E0301]");
    expect(b.out).toContain(" --> bad.silk:2:12");
  });
  it("exits 2 on usage errors", () => {
    expect(run(["nope.silk"]).code).toBe(2);
    expect(run(["ok.silk"], "xml").code).toBe(2);
    expect(run([]).code).toBe(2);
  });
  it("prints JSON for tools", () => {
    const r = run(["bad.silk"], "json");
    const j = JSON.parse(r.out);
    expect(j).toHaveLength(1);
    expect(j[0]).toMatchObject({ code: "E0301", severity: "error", file: "bad.silk", start: { line: 2, col: 12 } });
    expect(JSON.parse(run(["ok.silk"], "json").out)).toEqual([]);
  });
  it("uses colour only on a TTY", () => {
    expect(run(["bad.silk"], "human", false).out).not.toContain("\x1b[");
    const saved = process.env.NO_COLOR;
    delete process.env.NO_COLOR;
    try {
      expect(run(["bad.silk"], "human", true).out).toContain("\x1b[");
    } finally {
      if (saved !== undefined) process.env.NO_COLOR = saved;
    }
  });
  it("registers `check` with commander", () => {
    const program = new Command();
    registerCheck(program);
    const cmd = program.commands.find((c) => c.name() === "check");
    expect(cmd).toBeDefined();
    expect(cmd!.options.map((o) => o.long)).toContain("--format");
  });
});
