// Round trip on generated trees: parse(format(ast)) equals ast, modulo spans.
// Runs: SILK_FUZZ_RUNS (default 10,000, capped at 2,000 here: each case is a whole file);
// replay with FC_SEED=<seed>.
//
// The generator only makes trees the parser can produce (documented in compiler/ast/ast.ts):
// a lone-name variant pattern is an IdentPattern; a call of a field is a method call; a block's last statement is never a
// `;`-less expression statement (that is the tail); `;`-less statements are block-like.

import fc from "fast-check";
import { expect, test } from "vitest";
import type * as A from "../ast/ast.js";
import { stripSpans } from "../ast/strip.js";
import { parse } from "../syntax/parse.js";
import { HARD_KEYWORDS, SOFT_KEYWORDS } from "../syntax/tokens.js";
import { format } from "./format.js";

const RUNS = Math.min(Number(process.env["SILK_FUZZ_RUNS"] ?? 10_000), 2_000);
const SEED = process.env["FC_SEED"] !== undefined ? Number(process.env["FC_SEED"]) : undefined;
const params = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };

const S: A.Span = { file: "", start: 0, end: 0 };
const RESERVED = new Set([...HARD_KEYWORDS, ...SOFT_KEYWORDS, "hex"]);

const name = fc
  .stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,6}$/)
  .filter((s) => !RESERVED.has(s));
const ident: fc.Arbitrary<A.Ident> = name.map((text) => ({ kind: "Ident", text, span: S }));
const path = (max: number): fc.Arbitrary<A.Path> =>
  fc.array(ident, { minLength: 1, maxLength: max }).map((segments) => ({ kind: "Path", segments, span: S }));

const intLit: fc.Arbitrary<A.IntLit> = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map((v) => ({ raw: v.toString(), value: v })),
  fc.bigInt({ min: 0n, max: 2n ** 64n }).map((v) => ({ raw: "0x" + v.toString(16), value: v })),
  fc.nat(100_000).map((v) => ({ raw: v.toLocaleString("en-US").replace(/,/g, "_"), value: BigInt(v) })),
).map((x) => ({ kind: "IntLit", ...x, span: S }));
const strLit: fc.Arbitrary<A.StringLit> = fc.string({ maxLength: 8, unit: "grapheme" }).map((value) => ({ kind: "StringLit", value, span: S }));
const boolLit: fc.Arbitrary<A.BoolLit> = fc.boolean().map((value) => ({ kind: "BoolLit", value, span: S }));
const docs = fc.array(fc.stringMatching(/^ [a-z ]{0,10}[a-z]$/), { maxLength: 2 });
const attrs = fc.array(ident.map((n): A.Attribute => ({ kind: "Attribute", name: n, args: [], span: S })), { maxLength: 1 });

const { type } = fc.letrec<{ type: A.TypeExpr }>((tie) => ({
  type: fc.oneof(
    { depthSize: "small", maxDepth: 4, depthIdentifier: "tree", withCrossShrink: true },
    // First alternative is what oneof falls back to at maxDepth: it must not recurse.
    fc.record({ kind: fc.constant("NamedType" as const), path: path(2), args: fc.constant([]), span: fc.constant(S) }),
    fc.record({ kind: fc.constant("NamedType" as const), path: path(2), args: fc.array(tie("type"), { maxLength: 2 }), span: fc.constant(S) }),
    fc.record({ kind: fc.constant("ArrayType" as const), elem: tie("type"), size: intLit as fc.Arbitrary<A.Expr>, span: fc.constant(S) }),
    fc.record({ kind: fc.constant("TupleType" as const), elems: fc.array(tie("type"), { maxLength: 3 }), span: fc.constant(S) }),
  ),
}));

const { pattern } = fc.letrec<{ pattern: A.Pattern }>((tie) => ({
  pattern: fc.oneof(
    { depthSize: "small", maxDepth: 4, depthIdentifier: "tree", withCrossShrink: true },
    fc.constant<A.Pattern>({ kind: "WildcardPattern", span: S }),
    fc.record({ kind: fc.constant("IdentPattern" as const), name: ident, mutable: fc.boolean(), span: fc.constant(S) }),
    fc.record({ kind: fc.constant("LiteralPattern" as const), value: intLit, negative: fc.boolean(), span: fc.constant(S) }),
    fc.record({ kind: fc.constant("LiteralPattern" as const), value: fc.oneof(boolLit, strLit), negative: fc.constant(false), span: fc.constant(S) }),
    fc.record({ kind: fc.constant("TuplePattern" as const), elems: fc.array(tie("pattern"), { maxLength: 3 }), span: fc.constant(S) }),
    fc.record({
      kind: fc.constant("VariantPattern" as const),
      path: path(2),
      payload: fc.oneof(
        fc.record({ kind: fc.constant("TuplePayloadPattern" as const), elems: fc.array(tie("pattern"), { maxLength: 2 }), span: fc.constant(S) }),
        fc.record({
          kind: fc.constant("StructPayloadPattern" as const),
          fields: fc.array(
            fc.record({ name: ident, pattern: tie("pattern") }).map(({ name: n, pattern: p }): A.FieldPattern => ({ kind: "FieldPattern", name: n, pattern: p, shorthand: false, span: S })),
            { maxLength: 2 },
          ),
          span: fc.constant(S),
        }),
      ),
      span: fc.constant(S),
    }),
  ),
}));

const BIN: A.BinaryOp[] = ["||", "&&", "==", "!=", "<", "<=", ">", ">=", "|", "^", "&", "<<", ">>", "+", "-", "*", "/", "%"];
const ASSIGN: A.AssignOp[] = ["=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="];

const fieldInit = (e: fc.Arbitrary<A.Expr>): fc.Arbitrary<A.FieldInit> =>
  fc.oneof(
    ident.map((n): A.FieldInit => ({ kind: "FieldInit", name: n, value: { kind: "PathExpr", path: { kind: "Path", segments: [n], span: S }, span: S }, shorthand: true, span: S })),
    fc.record({ n: ident, v: e }).map(({ n, v }): A.FieldInit => ({ kind: "FieldInit", name: n, value: v, shorthand: false, span: S })),
  );
const options = (e: fc.Arbitrary<A.Expr>): fc.Arbitrary<A.CallOptions | undefined> =>
  fc.option(fc.array(fieldInit(e), { maxLength: 2 }).map((fields): A.CallOptions => ({ kind: "CallOptions", fields, span: S })), { nil: undefined });

const tree = fc.letrec<{ expr: A.Expr; block: A.Block; stmt: A.Stmt }>((tie) => {
  const e = tie("expr");
  const blk = tie("block");
  const r = <T>(o: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> => fc.record(o) as fc.Arbitrary<T>;
  const ifExpr: fc.Arbitrary<A.IfExpr> = r<A.IfExpr>({
    kind: fc.constant("IfExpr"),
    cond: e,
    then: blk,
    else: fc.option(blk, { nil: undefined }),
    span: fc.constant(S),
  });
  return {
    expr: fc.oneof(
      { depthSize: "small", maxDepth: 4, depthIdentifier: "tree", withCrossShrink: true },
      intLit,
      strLit,
      boolLit,
      fc.stringMatching(/^([0-9a-f]{2}){0,4}$/).map((hex): A.Expr => ({ kind: "BytesLit", hex, span: S })),
      path(2).map((p): A.Expr => ({ kind: "PathExpr", path: p, span: S })),
      fc.constant<A.Expr>({ kind: "SelfExpr", span: S }),
      r<A.UnaryExpr>({ kind: fc.constant("UnaryExpr"), op: fc.constantFrom("!", "-"), operand: e, span: fc.constant(S) }),
      r<A.BinaryExpr>({ kind: fc.constant("BinaryExpr"), op: fc.constantFrom(...BIN), left: e, right: e, span: fc.constant(S) }),
      r<A.CastExpr>({ kind: fc.constant("CastExpr"), expr: e, type, span: fc.constant(S) }),
      r<A.CallExpr>({ kind: fc.constant("CallExpr"), callee: e, args: fc.array(e, { maxLength: 2 }), options: options(e), span: fc.constant(S) })
        // `a.f()` is always a MethodCallExpr (see ast.ts).
        .filter((c) => c.callee.kind !== "FieldExpr"),
      r<A.MethodCallExpr>({ kind: fc.constant("MethodCallExpr"), receiver: e, method: ident, args: fc.array(e, { maxLength: 2 }), options: options(e), span: fc.constant(S) }),
      r<A.FieldExpr>({ kind: fc.constant("FieldExpr"), target: e, field: ident, span: fc.constant(S) }),
      r<A.TupleIndexExpr>({ kind: fc.constant("TupleIndexExpr"), target: e, index: fc.nat(9), span: fc.constant(S) }),
      r<A.IndexExpr>({ kind: fc.constant("IndexExpr"), target: e, index: e, span: fc.constant(S) }),
      r<A.StructLit>({ kind: fc.constant("StructLit"), path: path(2), fields: fc.array(fieldInit(e), { maxLength: 2 }), span: fc.constant(S) }),
      r<A.TupleLit>({ kind: fc.constant("TupleLit"), elems: fc.array(e, { maxLength: 3 }), span: fc.constant(S) }),
      r<A.ArrayLit>({ kind: fc.constant("ArrayLit"), elems: fc.array(e, { maxLength: 3 }), span: fc.constant(S) }),
      r<A.ArrayRepeat>({ kind: fc.constant("ArrayRepeat"), value: e, count: e, span: fc.constant(S) }),
      r<A.TryExpr>({ kind: fc.constant("TryExpr"), expr: e, span: fc.constant(S) }),
      ifExpr,
      r<A.MatchExpr>({
        kind: fc.constant("MatchExpr"),
        scrutinee: e,
        arms: fc.array(
          r<A.MatchArm>({ kind: fc.constant("MatchArm"), pattern, guard: fc.option(e, { nil: undefined }), body: e, span: fc.constant(S) }),
          { maxLength: 3 },
        ),
        span: fc.constant(S),
      }),
      blk.map((b): A.Expr => ({ kind: "BlockExpr", block: b, span: S })),
    ),
    block: fc
      .record({ stmts: fc.array(tie("stmt"), { maxLength: 3 }), tail: fc.option(e, { nil: undefined }) })
      .map(({ stmts, tail }): A.Block => {
        // The last statement must not be a `;`-less expression statement: that would be the tail.
        const last = stmts[stmts.length - 1];
        if (last?.kind === "ExprStmt" && !last.semi) stmts = [...stmts.slice(0, -1), { ...last, semi: true }];
        return { kind: "Block", stmts, tail, span: S };
      }),
    stmt: fc.oneof(
      { depthSize: "small", maxDepth: 4, depthIdentifier: "tree", withCrossShrink: true },
      r<A.LetStmt>({ kind: fc.constant("LetStmt"), pattern, type: fc.option(type, { nil: undefined }), init: fc.option(e, { nil: undefined }), span: fc.constant(S) }),
      r<A.AssignStmt>({ kind: fc.constant("AssignStmt"), op: fc.constantFrom(...ASSIGN), target: e, value: e, span: fc.constant(S) }),
      fc.record({ expr: e, semi: fc.boolean() }).map(({ expr: x, semi }): A.Stmt => ({
        kind: "ExprStmt",
        expr: x,
        // Only block-like expressions may omit the `;`.
        semi: semi || !(x.kind === "IfExpr" || x.kind === "MatchExpr" || x.kind === "BlockExpr"),
        span: S,
      })),
      r<A.WhileStmt>({ kind: fc.constant("WhileStmt"), cond: e, body: blk, span: fc.constant(S) }),
      r<A.ForStmt>({
        kind: fc.constant("ForStmt"),
        binding: pattern,
        iter: fc.oneof(e, r<A.RangeExpr>({ kind: fc.constant("RangeExpr"), start: e, end: e, inclusive: fc.boolean(), span: fc.constant(S) })),
        body: blk,
        span: fc.constant(S),
      }),
      fc.constant<A.Stmt>({ kind: "BreakStmt", span: S }),
      fc.constant<A.Stmt>({ kind: "ContinueStmt", span: S }),
      r<A.ReturnStmt>({ kind: fc.constant("ReturnStmt"), value: fc.option(e, { nil: undefined }), span: fc.constant(S) }),
      r<A.EmitStmt>({ kind: fc.constant("EmitStmt"), event: path(2), fields: fc.array(fieldInit(e), { maxLength: 2 }), span: fc.constant(S) }),
      r<A.RevertStmt>({ kind: fc.constant("RevertStmt"), reason: e, span: fc.constant(S) }),
      r<A.RequireStmt>({ kind: fc.constant("RequireStmt"), cond: e, reason: fc.option(e, { nil: undefined }), span: fc.constant(S) }),
      r<A.AssertStmt>({ kind: fc.constant("AssertStmt"), cond: e, message: fc.option(e, { nil: undefined }), span: fc.constant(S) }),
    ),
  };
});

const field: fc.Arbitrary<A.FieldDecl> = fc
  .record({ docs, attributes: attrs, name: ident, type })
  .map((f) => ({ kind: "FieldDecl", ...f, span: S }));
const param: fc.Arbitrary<A.Param> = fc.record({ name: ident, type }).map((p) => ({ kind: "Param", ...p, span: S }));
const base = { docs, attributes: attrs, span: fc.constant(S) };

const fnDecl = (withBody: boolean, iface = false): fc.Arbitrary<A.FnDecl> =>
  fc.record({
    kind: fc.constant("FnDecl" as const),
    ...base,
    isPub: iface ? fc.constant(false) : fc.boolean(),
    view: fc.boolean(),
    payable: fc.boolean(),
    name: ident,
    params: fc.array(param, { maxLength: 2 }),
    returnType: fc.option(type, { nil: undefined }),
    body: withBody ? tree.block : fc.constant(undefined),
  });

const member: fc.Arbitrary<A.ContractMember> = fc.oneof(
  fc.record({ kind: fc.constant("StorageDecl" as const), ...base, fields: fc.array(field, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant("InitDecl" as const), ...base, payable: fc.boolean(), params: fc.array(param, { maxLength: 2 }), body: tree.block }),
  fnDecl(true),
  fc.record({ kind: fc.constant("EventDecl" as const), ...base, name: ident, fields: fc.array(field, { maxLength: 2 }) }),
  fc.record({ kind: fc.constant("ErrorDecl" as const), ...base, name: ident, fields: fc.array(field, { maxLength: 2 }) }),
  fc.record({ kind: fc.constant("InvariantDecl" as const), ...base, name: ident, params: fc.array(param, { maxLength: 1 }), body: tree.block }),
  fc.record({ kind: fc.constant("UseDecl" as const), ...base, component: path(2) }),
  fc.record({ kind: fc.constant("ConstDecl" as const), ...base, name: ident, type, value: tree.expr }),
);

const variant: fc.Arbitrary<A.VariantDecl> = fc.record({
  kind: fc.constant("VariantDecl" as const),
  ...base,
  name: ident,
  payload: fc.option(
    fc.oneof(
      fc.record({ kind: fc.constant("TuplePayload" as const), types: fc.array(type, { maxLength: 2 }), span: fc.constant(S) }),
      fc.record({ kind: fc.constant("StructPayload" as const), fields: fc.array(field.map((f) => ({ ...f, docs: [] })), { maxLength: 2 }), span: fc.constant(S) }),
    ),
    { nil: undefined },
  ),
});

const item: fc.Arbitrary<A.Item> = fc.oneof(
  fc.record({ kind: fc.constant("ContractDecl" as const), ...base, name: ident, implements: fc.array(path(2), { maxLength: 2 }), members: fc.array(member, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant("ComponentDecl" as const), ...base, name: ident, members: fc.array(member, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant("InterfaceDecl" as const), ...base, name: ident, fns: fc.array(fnDecl(false, true), { maxLength: 2 }) }),
  fc.record({ kind: fc.constant("StructDecl" as const), ...base, name: ident, fields: fc.array(field, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant("EnumDecl" as const), ...base, name: ident, variants: fc.array(variant, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant("ConstDecl" as const), ...base, name: ident, type, value: tree.expr }),
  fc.record({ kind: fc.constant("TypeAliasDecl" as const), ...base, name: ident, type }),
  fc.record({ kind: fc.constant("EventDecl" as const), ...base, name: ident, fields: fc.array(field, { maxLength: 2 }) }),
  fnDecl(true),
);

const importDecl: fc.Arbitrary<A.ImportDecl> = fc.record({
  kind: fc.constant("ImportDecl" as const),
  names: fc.array(
    fc.record({ kind: fc.constant("ImportName" as const), name: ident, alias: fc.option(ident, { nil: undefined }), span: fc.constant(S) }),
    { minLength: 1, maxLength: 2 },
  ),
  from: fc.stringMatching(/^[a-z/._]{1,12}$/),
  span: fc.constant(S),
});

const sourceFile: fc.Arbitrary<A.SourceFile> = fc.record({
  kind: fc.constant("SourceFile" as const),
  file: fc.constant("gen.silk"),
  imports: fc.array(importDecl, { maxLength: 2 }),
  items: fc.array(item, { maxLength: 3 }),
  span: fc.constant(S),
});

test("parse(format(ast)) equals ast for generated trees, and format is idempotent", () => {
  fc.assert(
    fc.property(sourceFile, (ast) => {
      const text = format(ast);
      const r = parse(text, "gen.silk");
      if (r.diagnostics.length > 0) {
        throw new Error(`formatted text does not parse: ${r.diagnostics[0]!.message}\n${text}`);
      }
      expect(stripSpans(r.ast)).toEqual(stripSpans(ast));
      expect(format(r.ast, r.comments, text)).toBe(text);
    }),
    params,
  );
});
