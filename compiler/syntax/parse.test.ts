import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type * as A from "../ast/ast.js";
import { stripSpans } from "../ast/strip.js";
import { parse } from "./parse.js";
import { validCorpus } from "./testutil.js";

const codes = (text: string): string[] => parse(text, "t.silk").diagnostics.map((d) => d.code);

function fnBody(text: string): A.Block {
  const r = parse(text, "t.silk");
  expect(r.diagnostics).toEqual([]);
  const f = r.ast.items[0];
  if (f?.kind !== "FnDecl" || !f.body) throw new Error("expected a fn");
  return f.body;
}

function expr(src: string): A.Expr {
  const b = fnBody(`fn f() { let x = ${src}; }`);
  const s = b.stmts[0];
  if (s?.kind !== "LetStmt" || !s.init) throw new Error("expected let");
  return s.init;
}

/** Fully parenthesised rendering, to check precedence and associativity. */
function paren(e: A.Expr): string {
  switch (e.kind) {
    case "BinaryExpr":
      return `(${paren(e.left)} ${e.op} ${paren(e.right)})`;
    case "UnaryExpr":
      return `(${e.op}${paren(e.operand)})`;
    case "CastExpr":
      return `(${paren(e.expr)} as ${e.type.kind === "NamedType" ? e.type.path.segments[0]!.text : "?"})`;
    case "PathExpr":
      return e.path.segments.map((s) => s.text).join("::");
    case "IntLit":
      return e.raw;
    default:
      return e.kind;
  }
}

describe("corpus", () => {
  const corpus = validCorpus();
  test("holds at least 15 valid programs (30 is the goal across both halves)", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15);
  });
  for (const f of corpus) {
    test(`${f.name} parses without diagnostics`, () => {
      expect(parse(f.text, f.name).diagnostics).toEqual([]);
    });
  }
  test("every ```silk block of LANGUAGE.md parses (statements wrapped in a fn)", () => {
    const md = readFileSync(new URL("../../../shared/LANGUAGE.md", import.meta.url), "utf8");
    const blocks = [...md.matchAll(/```silk\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    for (const b of blocks) {
      // The call examples are bare statements after an interface: put them in a function.
      const [decls, stmts] = b.includes("\nlet ") ? [b.slice(0, b.indexOf("\nlet ")), b.slice(b.indexOf("\nlet "))] : [b, ""];
      const src = stmts ? `${decls}\nfn example(token: address, bob: address) {${stmts}}` : decls;
      expect(parse(src, "lang.silk").diagnostics).toEqual([]);
    }
  });
});

describe("expressions", () => {
  test("binary precedence and left associativity", () => {
    expect(paren(expr("a + b * c - d"))).toBe("((a + (b * c)) - d)");
    expect(paren(expr("a || b && c == d"))).toBe("(a || (b && (c == d)))");
    expect(paren(expr("a | b ^ c & d << 1 + 2"))).toBe("(a | (b ^ (c & (d << (1 + 2)))))");
    expect(paren(expr("-a as u8 * b"))).toBe("(((-a) as u8) * b)");
    expect(paren(expr("(a + b) * c"))).toBe("((a + b) * c)");
  });

  test(">> and >>= are read from adjacent > tokens; generics close with >>", () => {
    expect(paren(expr("a >> 2 > b"))).toBe("((a >> 2) > b)");
    const b = fnBody("fn f() { let m: Map<address, Map<address, u256>> = x; m >>= 1; a > b; }");
    expect(b.stmts[1]).toMatchObject({ kind: "AssignStmt", op: ">>=" });
    const t = b.stmts[0]!.kind === "LetStmt" ? b.stmts[0]!.type : undefined;
    expect(stripSpans(t)).toMatchObject({ kind: "NamedType", args: [{}, { kind: "NamedType", args: [{}, {}] }] });
    expect(codes("fn f() { a > > b; }")).not.toEqual([]);
  });

  test("literals", () => {
    expect(expr("1_000")).toMatchObject({ kind: "IntLit", raw: "1_000", value: 1000n });
    expect(expr("0xff")).toMatchObject({ value: 255n });
    expect(expr("0b1010")).toMatchObject({ value: 10n });
    expect(expr('"a\\n\\u{41}\\""')).toMatchObject({ kind: "StringLit", value: 'a\nA"' });
    expect(expr('hex"DEADbeef"')).toMatchObject({ kind: "BytesLit", hex: "deadbeef" });
    expect(expr("(1,)")).toMatchObject({ kind: "TupleLit", elems: [{ kind: "IntLit" }] });
    expect(expr("(1)")).toMatchObject({ kind: "IntLit" });
    expect(expr("[0; 4]")).toMatchObject({ kind: "ArrayRepeat" });
  });

  test("calls, methods, options and try", () => {
    expect(stripSpans(expr("try IToken(t).transfer(b, 1) with { gas: 5 }"))).toMatchObject({
      kind: "TryExpr",
      expr: {
        kind: "MethodCallExpr",
        receiver: { kind: "CallExpr", callee: { kind: "PathExpr" } },
        method: { text: "transfer" },
        options: { fields: [{ name: { text: "gas" } }] },
      },
    });
    expect(expr("a.wrapping_add(b)")).toMatchObject({ kind: "MethodCallExpr" });
    expect(expr("self.balances[msg.sender]")).toMatchObject({ kind: "IndexExpr", target: { kind: "FieldExpr", target: { kind: "SelfExpr" } } });
    expect(expr("t.0.1")).toMatchObject({ kind: "TupleIndexExpr", index: 1, target: { kind: "TupleIndexExpr", index: 0 } });
    expect(codes("fn f() { let x = a with { gas: 1 }; }")).toEqual(["E0101"]);
  });

  test("struct literals are shorthand-aware and not allowed bare in if heads", () => {
    expect(stripSpans(expr("P { a, b: 1 }"))).toMatchObject({
      kind: "StructLit",
      fields: [{ shorthand: true, value: { kind: "PathExpr" } }, { shorthand: false }],
    });
    const b = fnBody("fn f() { if x { y } else { z } }");
    expect(b.tail).toMatchObject({ kind: "IfExpr", cond: { kind: "PathExpr" } });
    expect(fnBody("fn f() { if (P { a: 1 }).a { } }").stmts).toHaveLength(0);
  });

  test("soft keywords are identifiers where an identifier is expected", () => {
    const b = fnBody("fn f() { emit Transfer { from, to: storage, event: error }; }");
    expect(b.stmts[0]).toMatchObject({ kind: "EmitStmt", fields: [{ name: { text: "from" } }, {}, { name: { text: "event" } }] });
  });
});

describe("items and statements", () => {
  test("docs attach to the declaration below them; other comments are returned", () => {
    const r = parse("// free\n/// Doc one\n/// Doc two\n#[x]\nstruct S {\n    /// field doc\n    a: u8,\n}\n", "t.silk");
    expect(r.ast.items[0]).toMatchObject({ docs: [" Doc one", " Doc two"], attributes: [{ name: { text: "x" } }] });
    expect(r.ast.items[0]).toMatchObject({ fields: [{ docs: [" field doc"] }] });
    expect(r.comments.map((c) => c.text)).toEqual(["// free"]);
  });

  test("fn modifiers, init, interface signatures, components and use", () => {
    const r = parse(
      "interface I { view fn a() -> u8; }\ncomponent C { storage { x: u8 } }\ncontract K: I { use C; payable init() {} #[reentrant] pub payable fn b() {} }",
      "t.silk",
    );
    expect(r.diagnostics).toEqual([]);
    const [i, c, k] = r.ast.items;
    expect(i).toMatchObject({ kind: "InterfaceDecl", fns: [{ view: true, body: undefined }] });
    expect(c).toMatchObject({ kind: "ComponentDecl", members: [{ kind: "StorageDecl" }] });
    expect(k).toMatchObject({
      kind: "ContractDecl",
      implements: [{ segments: [{ text: "I" }] }],
      members: [{ kind: "UseDecl" }, { kind: "InitDecl", payable: true }, { kind: "FnDecl", isPub: true, payable: true, attributes: [{ name: { text: "reentrant" } }] }],
    });
  });

  test("statements: let patterns, for ranges, require/assert/revert, compound assignment", () => {
    const b = fnBody(
      "fn f() { let (a, mut b) = t; for i in 0..=n { b -= i; } require(x, \"t\"); assert(y); revert E { a }; revert(\"s\"); }",
    );
    expect(b.stmts.map((s) => s.kind)).toEqual(["LetStmt", "ForStmt", "RequireStmt", "AssertStmt", "RevertStmt", "RevertStmt"]);
    expect(b.stmts[0]).toMatchObject({ pattern: { kind: "TuplePattern", elems: [{ mutable: false }, { mutable: true }] } });
    expect(b.stmts[1]).toMatchObject({ iter: { kind: "RangeExpr", inclusive: true } });
    expect(b.stmts[5]).toMatchObject({ reason: { kind: "StringLit", value: "s" } });
  });

  test("match patterns", () => {
    const b = fnBody("fn f() { match s { S::A(x, _) => 1, S::B { w, h: 0 } => 2, -1 => 3, (a, b) => 4, None => { 5 } } }");
    const m = b.tail;
    if (m?.kind !== "MatchExpr") throw new Error("match");
    expect(m.arms.map((a) => a.pattern.kind)).toEqual(["VariantPattern", "VariantPattern", "LiteralPattern", "TuplePattern", "IdentPattern"]);
    expect(m.arms[2]!.pattern).toMatchObject({ negative: true });
  });
});

describe("diagnostics", () => {
  test("lexical errors have their codes and parsing continues", () => {
    expect(codes("fn f() { let s = \"abc; }")).toContain("E0002");
    expect(codes('fn f() { let s = "a\\q"; }')).toEqual(["E0003"]);
    expect(codes("fn f() { let n = 12ab; }")).toEqual(["E0004"]);
    expect(codes("fn f() {} /* never closed")).toEqual(["E0005"]);
    expect(codes("fn f() { let x = 1 @ 2; }")[0]).toBe("E0001");
    expect(codes('const B: bytes = hex"abc";')).toEqual(["E0006"]);
  });

  test("several syntax errors are reported in one run, with spans", () => {
    const text = "fn a() { let = 1; }\nfn b() { return 1 }\nlet x = 1;\nstruct S { a: }\n";
    const r = parse(text, "t.silk");
    expect(r.diagnostics.length).toBeGreaterThanOrEqual(3);
    expect(r.diagnostics.every((d) => d.span.start >= 0 && d.span.end <= text.length)).toBe(true);
    expect(r.diagnostics.map((d) => d.code)).toContain("E0103");
    // Items after the errors are still in the tree.
    expect(r.ast.items.map((i) => (i.kind === "FnDecl" || i.kind === "StructDecl" ? i.name.text : ""))).toContain("S");
  });

  test("messages name the expected and found tokens", () => {
    const r = parse("fn f() { let x = 1 }", "t.silk");
    expect(r.diagnostics[0]!.message).toBe("expected `;`, found `}`");
    expect(parse("fn f(", "t.silk").diagnostics[0]!.code).toBe("E0102");
    expect(codes("fn f() { init(); }")).toEqual([]);
    expect(codes("interface I { fn a() {} }")).toEqual(["E0105"]);
    expect(codes("contract C { pub init() {} }")).toEqual(["E0105"]);
  });
});
