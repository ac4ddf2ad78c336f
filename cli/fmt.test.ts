import { expect, test } from "vitest";
import { runFmt, type FmtIo } from "./fmt.js";

function memIo(files: Record<string, string>): FmtIo & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    outLines,
    errLines,
    read: (p) => {
      const t = files[p];
      if (t === undefined) throw new Error("ENOENT");
      return t;
    },
    write: (p, t) => {
      files[p] = t;
    },
    out: (l) => outLines.push(l),
    err: (l) => errLines.push(l),
  };
}

test("formats in place; --check reports without writing; exit codes 0/1/2", () => {
  const files: Record<string, string> = { "a.silk": "fn a(){}", "b.silk": "fn b() {}\n", "bad.silk": "fn (" };
  let io = memIo(files);
  expect(runFmt(["a.silk", "b.silk"], true, io)).toBe(1);
  expect(io.outLines).toEqual(["a.silk: not formatted"]);
  expect(files["a.silk"]).toBe("fn a(){}");
  expect(runFmt(["a.silk"], false, memIo(files))).toBe(0);
  expect(files["a.silk"]).toBe("fn a() {}\n");
  expect(runFmt(["a.silk", "b.silk"], true, memIo(files))).toBe(0);
  io = memIo(files);
  expect(runFmt(["bad.silk"], false, io)).toBe(1);
  expect(io.errLines[0]).toMatch(/^bad\.silk:1:4: error\[E01\d\d\]/);
  expect(files["bad.silk"]).toBe("fn (");
  expect(runFmt([], false, memIo(files))).toBe(2);
  expect(runFmt(["missing.silk"], false, memIo(files))).toBe(2);
});
