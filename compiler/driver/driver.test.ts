import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkFiles } from "./driver.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs the pipeline on in-memory files (absolute paths under /mem). */
export function checkMemory(files: Record<string, string>, entry = "/mem/main.silk", stopAfter?: "syntax" | "resolve" | "check") {
  return checkFiles([entry], { readFile: (p) => files[p], stopAfter });
}

describe("driver", () => {
  it("a clean program yields a typed program and no diagnostics", () => {
    const r = checkMemory({ "/mem/main.silk": "fn f(a: u8) -> u8 {\n    return a;\n}\n" });
    expect(r.diagnostics).toEqual([]);
    expect(r.lastPass).toBe("check");
    expect(r.program).toBeDefined();
  });

  it("the severity gate stops after a pass with errors", () => {
    // A syntax error and an undefined name: only the syntax error is reported, resolve never ran.
    const r = checkMemory({ "/mem/main.silk": "fn f() -> u8 {\n    return y\n}\n" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0101"]);
    expect(r.lastPass).toBeUndefined();
    expect(r.resolved).toBeUndefined();

    // A type error (check) and an undefined name (resolve): only resolve's error is reported.
    const r2 = checkMemory({ "/mem/main.silk": "fn f() -> u8 {\n    let x: u8 = true;\n    return x + y;\n}\n" });
    expect(r2.diagnostics.map((d) => d.code)).toEqual(["E0201"]);
    expect(r2.lastPass).toBe("resolve");
    expect(r2.program).toBeUndefined();
  });

  it("warnings do not stop the pipeline", () => {
    const r = checkMemory({ "/mem/main.silk": "fn f() {\n    let unused = 1;\n}\n" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["W0001"]);
    expect(r.program).toBeDefined();
  });

  it("stopAfter ends early on clean input", () => {
    const r = checkMemory({ "/mem/main.silk": "fn f() {}\n" }, "/mem/main.silk", "resolve");
    expect(r.lastPass).toBe("resolve");
    expect(r.resolved).toBeDefined();
    expect(r.program).toBeUndefined();
  });

  it("collects diagnostics from every file, sorted by file", () => {
    const r = checkMemory({
      "/mem/main.silk": 'import { g } from "./lib";\nfn f() -> u8 {\n    return g(1, 2);\n}\n',
      "/mem/lib.silk": "fn g(a: u8) -> u8 {\n    let unused = 1;\n    return a;\n}\n",
    });
    expect(r.diagnostics.map((d) => [path.basename(d.span.file), d.code])).toEqual([
      ["lib.silk", "W0001"],
      ["main.silk", "E0305"],
    ]);
  });

  it("reports an unreadable root file as E9002", () => {
    const r = checkMemory({}, "/mem/missing.silk");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E9002"]);
  });

  it("turns an exception inside a pass into E9001 instead of throwing", () => {
    const r = checkFiles(["/mem/main.silk"], {
      readFile: () => {
        throw new Error("disk on fire");
      },
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E9001"]);
    expect(r.diagnostics[0]!.message).toContain("disk on fire");
  });

  it("never throws and never reports an internal error on mangled programs (property)", () => {
    const dir = path.resolve(here, "../testdata/valid");
    const corpus = readdirSync(dir).filter((f) => f.endsWith(".silk")).map((f) => readFileSync(path.join(dir, f), "utf8"));
    const pieces = ["{", "}", "(", ")", ";", "let", "match", "=>", "self", ".", "0", "-", "fn", "::", "[", "]", "<", ">", ",", "as", "x", "\"", "/*", "try", "with", "None"];
    fc.assert(
      fc.property(
        fc.nat(corpus.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          let text = corpus[which]!;
          for (const [at, del, ins] of edits) {
            const i = at % (text.length + 1);
            text = text.slice(0, i) + ins + text.slice(i + del);
          }
          const r = checkMemory({ "/mem/main.silk": text });
          const ice = r.diagnostics.filter((d) => d.code === "E9001");
          expect(ice.map((d) => d.message)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it("never reports an internal error when names are swapped (property)", () => {
    // Word-level substitutions mostly keep programs parseable, so this drives resolve/ and
    // check/ through wrong-kind names, wrong types and missing members.
    const dir = path.resolve(here, "../testdata/valid");
    const corpus = readdirSync(dir).filter((f) => f.endsWith(".silk")).map((f) => readFileSync(path.join(dir, f), "utf8"));
    const words = ["u8", "i8", "u256", "bool", "address", "bytes", "string", "None", "Some", "Ok", "msg", "self", "block", "x", "Vec", "Map", "Option", "transfer", "sha256", "true", "0", "300", "-1"];
    fc.assert(
      fc.property(
        fc.nat(corpus.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...words)), { minLength: 1, maxLength: 5 }),
        (which, swaps) => {
          let text = corpus[which]!;
          for (const [n, w] of swaps) {
            const spots = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*|\d+/g)];
            const m = spots[n % spots.length]!;
            text = text.slice(0, m.index) + w + text.slice(m.index! + m[0].length);
          }
          const r = checkMemory({ "/mem/main.silk": text });
          expect(r.diagnostics.filter((d) => d.code === "E9001").map((d) => d.message)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
