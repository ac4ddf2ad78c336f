import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CATALOGUE, formatMessage, isCode } from "./catalogue.js";
import { DiagnosticSink, ErrorEmitted, sortDiagnostics } from "./sink.js";
import { LineIndex } from "./source.js";
import { didYouMean, levenshtein } from "./suggest.js";
import { renderHuman, renderJson } from "./render.js";

describe("catalogue", () => {
  it("codes follow the category scheme and severity matches the prefix", () => {
    for (const [code, info] of Object.entries(CATALOGUE)) {
      expect(code).toMatch(/^(E\d{4}|W\d{4})$/);
      expect(info.severity).toBe(code.startsWith("W") ? "warning" : "error");
      expect(info.title.length).toBeGreaterThan(0);
    }
  });
  it("formats placeholders and leaves missing ones visible", () => {
    expect(formatMessage("E0201", { name: "x" })).toBe("cannot find value `x` in this scope");
    expect(formatMessage("E0201", {})).toContain("{name}");
    expect(isCode("E0201")).toBe(true);
    expect(isCode("E9999")).toBe(false);
  });
});

describe("sink", () => {
  it("counts errors and returns ErrorEmitted tokens only from error()", () => {
    const sink = new DiagnosticSink();
    const tok = sink.error("E0201", { file: "a", start: 0, end: 1 }, { name: "x" });
    expect(tok).toBeInstanceOf(ErrorEmitted);
    sink.warn("W0001", { file: "a", start: 2, end: 3 }, { name: "y" });
    expect(sink.errorCount).toBe(1);
    expect(sink.diagnostics.map((d) => d.severity)).toEqual(["error", "warning"]);
  });
  it("an ErrorEmitted cannot be forged with a different key", () => {
    const Ctor = ErrorEmitted as unknown as new (k: symbol) => ErrorEmitted;
    expect(() => new Ctor(Symbol("ErrorEmitted.mint"))).toThrow();
  });
  it("sorts by file then position", () => {
    const sink = new DiagnosticSink();
    sink.warn("W0001", { file: "b", start: 0, end: 1 }, { name: "a" });
    sink.warn("W0001", { file: "a", start: 5, end: 6 }, { name: "b" });
    sink.warn("W0001", { file: "a", start: 1, end: 2 }, { name: "c" });
    expect(sortDiagnostics(sink.diagnostics).map((d) => d.message)).toEqual([
      "unused variable `c`",
      "unused variable `b`",
      "unused variable `a`",
    ]);
  });
});

describe("line index", () => {
  it("maps offsets to 1-based lines and columns across \\n, \\r\\n and \\r", () => {
    const ix = new LineIndex("ab\ncd\r\nef\rg");
    expect(ix.position(0)).toEqual({ line: 1, col: 1 });
    expect(ix.position(3)).toEqual({ line: 2, col: 1 });
    expect(ix.position(7)).toEqual({ line: 3, col: 1 });
    expect(ix.position(10)).toEqual({ line: 4, col: 1 });
    expect(ix.lineText(2)).toBe("cd");
    expect(ix.position(999)).toEqual({ line: 4, col: 2 });
  });
  it("position agrees with a naive count (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "\n", "b", " ") }), fc.nat(), (text, n) => {
        const off = text.length === 0 ? 0 : n % (text.length + 1);
        const before = text.slice(0, off);
        const line = before.split("\n").length;
        const col = off - (before.lastIndexOf("\n") + 1) + 1;
        expect(new LineIndex(text).position(off)).toEqual({ line, col });
      }),
    );
  });
});

describe("did you mean", () => {
  it("levenshtein basics", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("same", "same")).toBe(0);
  });
  it("levenshtein is symmetric and bounded (property)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const d = levenshtein(a, b);
        expect(d).toBe(levenshtein(b, a));
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
  it("suggests close names, not distant ones", () => {
    expect(didYouMean("balanse", ["balance", "supply"])).toBe("balance");
    expect(didYouMean("Owner", ["owner"])).toBe("owner");
    expect(didYouMean("x", ["totally_different"])).toBeUndefined();
    expect(didYouMean("ab", ["xy"])).toBeUndefined();
  });
});

describe("render", () => {
  const text = "fn main() {\n    let x: u256 = true;\n}\n";
  const sources = new Map([["t.silk", text]]);
  const start = text.indexOf("true");
  const d = {
    code: "E0301",
    severity: "error" as const,
    message: "mismatched types: expected `u256`, found `bool`",
    span: { file: "t.silk", start, end: start + 4 },
    related: [{ span: { file: "t.silk", start: 3, end: 7 }, message: "in this function" }],
    hints: ["did you mean `1`?"],
  };
  it("renders rustc style without colour", () => {
    expect(renderHuman([d], { sources })).toBe(
      [
        "error[E0301]: mismatched types: expected `u256`, found `bool`",
        " --> t.silk:2:19",
        "  |",
        "2 |     let x: u256 = true;",
        "  |                   ^^^^",
        "  |",
        "note: in this function",
        " --> t.silk:1:4",
        "  |",
        "1 | fn main() {",
        "  |    ^^^^",
        "  = help: did you mean `1`?",
        "",
        "error: 1 error emitted",
        "",
      ].join("\n"),
    );
  });
  it("colours only when asked", () => {
    expect(renderHuman([d], { sources })).not.toContain("\x1b[");
    expect(renderHuman([d], { sources, color: true })).toContain("\x1b[31m");
  });
  it("json carries positions", () => {
    const j = JSON.parse(renderJson([d], { sources }));
    expect(j[0].start).toEqual({ offset: start, line: 2, col: 19 });
    expect(j[0].related[0].line).toBe(1);
  });
});

describe("docs", () => {
  it("docs/language.md lists every catalogue code with its severity", async () => {
    const { readFileSync } = await import("node:fs");
    const { fileURLToPath } = await import("node:url");
    const doc = readFileSync(fileURLToPath(new URL("../../docs/language.md", import.meta.url)), "utf8");
    for (const [code, info] of Object.entries(CATALOGUE)) {
      expect(doc, code).toMatch(new RegExp(`\\| ${code} \\| ${info.severity} \\|`));
    }
  });
});
