import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { checkWithBackEnd } from "./lowercheck.js";
import { checkFiles } from "./driver.js";
import { compileFiles, compileSource } from "./compile.js";

const VALID = fileURLToPath(new URL("../testdata/valid/", import.meta.url));
const corpus = readdirSync(VALID).filter((f) => f.endsWith(".silk")).map((f) => join(VALID, f));
const e9003 = (ds: { code: string; span: { file: string; start: number; end: number } }[]) =>
  ds.filter((d) => d.code === "E9003").map((d) => `${d.span.file}:${d.span.start}-${d.span.end}`);

describe("silk check reports what the back end cannot compile", () => {
  // The two verdicts must agree on every program of the valid corpus: whatever `silk compile`
  // refuses with E9003, `silk check` reports at the same span, and nothing else is added.
  test.each(corpus.map((f) => [f.slice(VALID.length), f]))("%s: same E9003 as silk compile", (_name, file) => {
    const checked = checkWithBackEnd([file]);
    const compiled = compileFiles([file], { optimize: 0 });
    expect(e9003(checked.diagnostics)).toEqual(e9003(compiled.diagnostics));
    const front = checkFiles([file]).diagnostics.map((d) => d.code);
    expect(checked.diagnostics.map((d) => d.code).filter((c) => c !== "E9003")).toEqual(front);
  });

  test("front-end errors stop before lowering", () => {
    const file = "/virtual/bad.silk";
    const r = checkWithBackEnd([file], { readFile: (p) => (p === file ? "contract X { pub fn f() -> u8 { return true; } }" : undefined) });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0301"]);
    expect(compileSource("contract X { pub fn f() -> u8 { return true; } }").diagnostics.map((d) => d.code)).toEqual(["E0301"]);
  });
});
