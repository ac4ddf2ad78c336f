import { describe, expect, test } from "vitest";
import { stripSpans } from "../ast/strip.js";
import { parse } from "../syntax/parse.js";
import { validCorpus } from "../syntax/testutil.js";
import { format } from "./format.js";

function fmt(text: string): string {
  const r = parse(text, "t.silk");
  expect(r.diagnostics).toEqual([]);
  return format(r.ast, r.comments, text);
}

describe("fmt on the corpus", () => {
  for (const f of validCorpus()) {
    test(`${f.name}: idempotent, same tree, comments kept`, () => {
      const once = fmt(f.text);
      expect(fmt(once)).toBe(once);
      const before = parse(f.text, f.name);
      const after = parse(once, f.name);
      expect(stripSpans(after.ast)).toEqual(stripSpans(before.ast));
      expect(after.comments.map((c) => c.text.trimEnd())).toEqual(before.comments.map((c) => c.text.trimEnd()));
    });
  }
});

describe("canonical style", () => {
  test("indentation, one statement per line, blank line between items", () => {
    const out = fmt("fn a(){let x=1;let y=x+2;}\nstruct S{a:u8,b:u8}");
    expect(out).toBe("fn a() {\n    let x = 1;\n    let y = x + 2;\n}\n\nstruct S {\n    a: u8,\n    b: u8,\n}\n");
  });

  test("keeps line, trailing and block comments and at most one blank line", () => {
    const src = "// head\n\n\n\nfn a() {\n    // lead\n    let x = 1; // trail\n\n\n    /* block */\n    x\n}\n";
    expect(fmt(src)).toBe("// head\n\nfn a() {\n    // lead\n    let x = 1; // trail\n\n    /* block */\n    x\n}\n");
  });

  test("puts back exactly the parentheses the grammar needs", () => {
    const out = fmt("fn a() { let x = ((a + b)) * (c); let y = (x as u8) < z; if (P { a: 1 }).a { } (if c { 1 } else { 2 }) + 1; }");
    expect(out).toContain("let x = (a + b) * c;");
    expect(out).toContain("let y = (x as u8) < z;");
    expect(out).toContain("if (P { a: 1 }.a) {}");
    expect(out).toContain("(if c {");
    expect(fmt(out)).toBe(out);
  });

  test("a comparison inside a comparison keeps its parentheses (no chain look-alike)", () => {
    const out = fmt("fn a() { let x = (a == 0) == (b == c); let y = ((a < b)) != d; let z = a == (b + c); }");
    expect(out).toContain("let x = (a == 0) == (b == c);");
    expect(out).toContain("let y = (a < b) != d;");
    expect(out).toContain("let z = a == b + c;");
    expect(fmt(out)).toBe(out);
  });

  test("events fit on one line; docs and attributes are kept", () => {
    const out = fmt("/// Doc\ncontract C {\n  event E {\n #[indexed] a: u8, b: u8 }\n  #[reentrant] pub fn f() {}\n}");
    expect(out).toBe("/// Doc\ncontract C {\n    event E { #[indexed] a: u8, b: u8 }\n    #[reentrant]\n    pub fn f() {}\n}\n");
  });
});
