import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type * as A from "../ast/ast.js";
import { checkFiles } from "../driver/driver.js";
import { intRange, show, type Type } from "./types.js";

function checkMemory(text: string) {
  return checkFiles(["/mem/main.silk"], { readFile: (p) => (p === "/mem/main.silk" ? text : undefined) });
}

/** The type recorded for the first expression whose source text is `snippet`. */
function typeOfSnippet(text: string, snippet: string): string {
  const r = checkMemory(text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const start = text.indexOf(snippet);
  for (const [e, t] of r.program!.exprTypes) {
    if (e.span.start === start && e.span.end === start + snippet.length) return show(t);
  }
  throw new Error(`no expression ${snippet}`);
}

describe("integer literal typing", () => {
  it("takes the type from an annotation, a parameter, or a later use; defaults to u256", () => {
    expect(typeOfSnippet("fn f() -> u8 {\n    let x: u8 = 7;\n    return x;\n}\n", "7")).toBe("u8");
    expect(typeOfSnippet("fn g(a: i16) {}\nfn f() {\n    g(-3);\n}\n", "-3")).toBe("i16");
    expect(typeOfSnippet("fn f() -> u32 {\n    let t = (1, 2);\n    return t.0;\n}\n", "1")).toBe("u32");
    expect(typeOfSnippet("fn f() -> u256 {\n    let _x = 77;\n    return 0;\n}\n", "77")).toBe("u256");
  });

  const intTypes = ["u8", "u16", "u32", "u64", "u128", "u256", "i8", "i16", "i32", "i64", "i128", "i256"];
  it("a literal is accepted exactly when it fits its type (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...intTypes), fc.bigInt({ min: -(1n << 257n), max: 1n << 257n }), (ty, v) => {
        const t = { kind: "int", signed: ty.startsWith("i"), bits: Number(ty.slice(1)) } as Type & { kind: "int" };
        const { min, max } = intRange(t);
        const lit = v < 0n ? `-${-v}` : `${v}`;
        const r = checkMemory(`fn f() -> ${ty} {\n    let x: ${ty} = ${lit};\n    return x;\n}\n`);
        const codes = r.diagnostics.map((d) => d.code);
        if (v >= min && v <= max) expect(codes).toEqual([]);
        else expect(codes).toEqual(["E0302"]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("typed program for lowering", () => {
  const src = [
    "interface IToken {",
    "    fn transfer(to: address, amount: u256) -> bool;",
    "}",
    "contract C {",
    "    storage { m: Map<address, Map<address, u64>>, v: Vec<u8> }",
    "    fn helper() -> u8 { return 1; }",
    "    pub fn f(t: address) -> bool {",
    "        let r = try IToken(t).transfer(msg.sender, 1) with { gas: 10 };",
    "        self.v.push(self.helper());",
    "        let x: u8 = 200;",
    "        let _y = x.wrapping_add(100);",
    "        match r {",
    "            Ok(b) => b,",
    "            Err(_) => false,",
    "        }",
    "    }",
    "}",
  ].join("\n");

  it("classifies every call and types storage", () => {
    const r = checkMemory(src);
    expect(r.diagnostics).toEqual([]);
    const p = r.program!;
    const calls = [...p.calls.entries()].map(([e, t]) => {
      const name = e.kind === "MethodCallExpr" ? e.method.text : (e.callee as A.PathExpr).path.segments[0]!.text;
      return `${name}:${t.kind}${t.kind === "external" ? `:try=${t.isTry}:gas=${t.gas !== undefined}` : ""}`;
    });
    expect(calls.sort()).toEqual(["IToken:interfaceCast", "helper:self", "push:method", "transfer:external:try=true:gas=true", "wrapping_add:method"].sort());
    expect(p.contracts[0]!.storage.map((f) => `${f.name}: ${show(f.type)}`)).toEqual(["m: Map<address, Map<address, u64>>", "v: Vec<u8>"]);
  });

  it("types `try` as Result<T, CallError> and match arms by their bindings", () => {
    expect(typeOfSnippet(src, "try IToken(t).transfer(msg.sender, 1) with { gas: 10 }")).toBe("Result<bool, CallError>");
    expect(typeOfSnippet(src, "x.wrapping_add(100)")).toBe("u8");
  });

  it("leaves no undecided integer type in the output", () => {
    const r = checkMemory("fn f() -> u256 {\n    let a = 1;\n    let b = (2, [3, 4]);\n    return a;\n}\n");
    for (const t of r.program!.exprTypes.values()) expect(show(t)).not.toContain("{integer}");
  });
});

describe("flow", () => {
  it("definite assignment joins branches: assigned on both arms is fine, on one is not", () => {
    const both = "fn f(c: bool) -> u8 {\n    let x: u8;\n    if c { x = 1; } else { x = 2; }\n    return x;\n}\n";
    expect(checkMemory(both).diagnostics).toEqual([]);
    const one = "fn f(c: bool) -> u8 {\n    let x: u8;\n    if c { x = 1; }\n    return x;\n}\n";
    expect(checkMemory(one).diagnostics.map((d) => d.code)).toEqual(["E0501"]);
  });
  it("a function whose every path reverts or returns needs no trailing return", () => {
    const src = "fn f(c: bool) -> u8 {\n    if c {\n        return 1;\n    } else {\n        revert \"no\";\n    }\n}\n";
    expect(checkMemory(src).diagnostics).toEqual([]);
  });
  it("`while true` without break diverges; with break it does not", () => {
    expect(checkMemory("fn f() -> u8 {\n    while true {\n    }\n}\n").diagnostics).toEqual([]);
    expect(checkMemory("fn f() -> u8 {\n    while true {\n        break;\n    }\n}\n").diagnostics.map((d) => d.code)).toEqual(["E0502"]);
  });
});

describe("effects", () => {
  it("a view function may read storage and call other views", () => {
    const src = "contract C {\n    storage { x: u8 }\n    fn get() -> u8 { return self.x; }\n    pub view fn v() -> u8 { return self.y(); }\n    pub view fn y() -> u8 { return self.x; }\n}\n";
    const codes = checkMemory(src).diagnostics.map((d) => d.code);
    expect(codes).toEqual(["W0006"]);
  });
  it("every effect in a view function is reported, not just the first", () => {
    const src = [
      "contract C {",
      "    storage { x: u8 }",
      "    event E { a: u8 }",
      "    pub view fn v(to: address) {",
      "        self.x = 1;",
      "        emit E { a: 1 };",
      "        transfer(to, 1);",
      "    }",
      "}",
    ].join("\n");
    expect(checkMemory(src).diagnostics.map((d) => d.code)).toEqual(["E0401", "E0402", "E0403"]);
  });
});
