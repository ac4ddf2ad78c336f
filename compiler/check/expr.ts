// Expression typing. Checking is bidirectional: `expected` flows down so that integer literals,
// `None`, `Ok`/`Err` and `[]` take their type from context ("integer literals take their type
// from context" — LANGUAGE.md); without context an integer literal is `u256`.

import type * as A from "../ast/ast.js";
import type { ErrorEmitted } from "../diagnostics/sink.js";
import { didYouMeanHint } from "../diagnostics/suggest.js";
import { bug, type Body, type Checker } from "./context.js";
import { checkCall, checkMethodCall } from "./calls.js";
import { checkMatch } from "./patterns.js";
import { checkBlockExpr, joinFlows, cloneFlow } from "./stmt.js";
import {
  ADDRESS, BOOL, BYTES, BYTES32, STRING, U256, U64, UNIT, poisoned,
  assignable, freshIntVar, isIntLike, prune, show, typeEq, type Type,
} from "./types.js";

/** Context members: `msg.sender` etc. Types follow the host interface (stdlib/host). */
const CONTEXT_MEMBERS: Record<string, Record<string, Type>> = {
  msg: { sender: ADDRESS, value: U256 },
  tx: { origin: ADDRESS },
  block: { height: U64, time: U64 },
  chain: { id: U64 },
  address: { zero: ADDRESS },
};

export function checkExpr(cx: Checker, b: Body, e: A.Expr, expected?: Type): Type {
  return cx.record(e, prune(infer(cx, b, e, expected)));
}

function infer(cx: Checker, b: Body, e: A.Expr, expected: Type | undefined): Type {
  switch (e.kind) {
    case "IntLit":
      return intLiteral(cx, e, e.value, expected);
    case "BoolLit":
      return BOOL;
    case "StringLit":
      return STRING;
    case "BytesLit":
      // A 32-byte hex literal may stand for a bytes32 where one is expected.
      return expected?.kind === "bytes32" && e.hex.length === 64 ? BYTES32 : BYTES;
    case "MissingExpr":
      return bug("a MissingExpr passed the syntax gate");
    case "SelfExpr":
      return poisoned(cx.sink.error("E0335", e.span, { name: "self", what: "the contract itself" }, {
        hints: ["use `self.address` for this contract's address"],
      }));
    case "PathExpr":
      return pathValue(cx, b, e, expected);
    case "FieldExpr":
      return field(cx, b, e);
    case "TupleIndexExpr": {
      const t = checkExpr(cx, b, e.target);
      if (t.kind === "error") return t;
      if (t.kind === "tuple" && e.index < t.elems.length) return t.elems[e.index]!;
      return poisoned(cx.sink.error("E0303", e.span, { type: show(t), name: String(e.index) }));
    }
    case "IndexExpr":
      return index(cx, b, e);
    case "UnaryExpr":
      return unary(cx, b, e, expected);
    case "BinaryExpr":
      return binary(cx, b, e, expected);
    case "CastExpr": {
      const to = cx.typeOf(e.type);
      const from = checkExpr(cx, b, e.expr, to.kind === "int" && e.expr.kind === "IntLit" ? to : undefined);
      if (from.kind === "error" || to.kind === "error") return to;
      const ok =
        (isIntLike(from) && to.kind === "int") ||
        typeEq(from, to) ||
        (from.kind === "address" && to.kind === "bytes32") ||
        (from.kind === "bytes32" && to.kind === "address") ||
        (from.kind === "bytes32" && to.kind === "int" && !to.signed && to.bits === 256) ||
        (from.kind === "int" && !from.signed && from.bits === 256 && to.kind === "bytes32");
      if (!ok) cx.sink.error("E0319", e.span, { from: show(from), to: show(to) });
      return to;
    }
    case "CallExpr":
      return checkCall(cx, b, e, expected);
    case "MethodCallExpr":
      return checkMethodCall(cx, b, e, expected);
    case "StructLit":
      return structLit(cx, b, e);
    case "TupleLit": {
      const exp = expected?.kind === "tuple" && expected.elems.length === e.elems.length ? expected.elems : undefined;
      return { kind: "tuple", elems: e.elems.map((x, i) => checkExpr(cx, b, x, exp?.[i])) };
    }
    case "ArrayLit":
      return arrayLit(cx, b, e, expected);
    case "ArrayRepeat": {
      const elemExp = expected?.kind === "array" || expected?.kind === "vec" ? expected.elem : undefined;
      const elem = checkExpr(cx, b, e.value, elemExp);
      const n = cx.constInt(e.count);
      if (n === null || n < 0n || n > 0xffff_ffffn) {
        return poisoned(cx.sink.error("E0333", e.count.span));
      }
      return { kind: "array", elem, len: Number(n) };
    }
    case "TryExpr": {
      const isExternal = e.expr.kind === "MethodCallExpr";
      const inner = checkExpr(cx, b, e.expr, undefined);
      const target = isExternal ? cx.out.calls.get(e.expr as A.MethodCallExpr) : undefined;
      if (target?.kind !== "external") return inner.kind === "error" ? inner : poisoned(cx.sink.error("E0320", e.span));
      target.isTry = true;
      return { kind: "result", ok: inner, err: { kind: "callError" } };
    }
    case "IfExpr":
      return ifExpr(cx, b, e, expected);
    case "MatchExpr":
      return checkMatch(cx, b, e, expected);
    case "BlockExpr":
      return checkBlockExpr(cx, b, e.block, expected);
    case "RangeExpr":
      // Only a `for` header may hold a range (the parser guarantees it); typed there.
      checkExpr(cx, b, e.start);
      checkExpr(cx, b, e.end);
      return poisoned(cx.sink.error("E0326", e.span, { type: "range" }));
  }
}

/**
 * An integer literal takes the expected integer type; without one it gets an integer variable
 * that later use decides (defaulting to `u256`), and its range is checked once the type is known.
 */
export function intLiteral(cx: Checker, e: A.Expr, value: bigint, expected: Type | undefined): Type {
  const raw = e.kind === "IntLit" ? e.raw : e.kind === "UnaryExpr" && e.operand.kind === "IntLit" ? `-${e.operand.raw}` : value.toString();
  const exp = expected ? prune(expected) : undefined;
  if (exp?.kind === "int") {
    cx.rangeCheck(e, raw, value, exp);
    return exp;
  }
  if (exp && exp.kind !== "intvar" && exp.kind !== "error" && exp.kind !== "never") {
    return poisoned(cx.sink.error("E0301", e.span, { expected: show(exp), found: "{integer}" }));
  }
  const t = exp?.kind === "intvar" ? exp : freshIntVar();
  cx.pendingLiterals.push({ e, raw, value, t });
  return t;
}

function pathValue(cx: Checker, b: Body, e: A.PathExpr, expected: Type | undefined): Type {
  const ref = cx.program.values.get(e);
  const name = e.path.segments.map((s) => s.text).join("::");
  if (!ref) return bug(`value path \`${name}\` left unbound by resolve/`);
  switch (ref.kind) {
    case "local": {
      if (!b.flow.dead && !b.flow.must.has(ref.local)) {
        cx.sink.error("E0501", e.span, { name }, {
          related: [{ span: ref.local.span, message: `\`${name}\` declared here without a value` }],
        });
        // Report once per variable: from here on treat it as assigned.
        b.flow.must.add(ref.local);
      }
      return cx.out.localTypes.get(ref.local) ?? bug(`local \`${name}\` used before its declaration was typed`);
    }
    case "item":
    case "member": {
      const sym = ref.sym;
      if (sym.kind === "const") return cx.typeOf(sym.decl.type);
      return poisoned(cx.sink.error("E0335", e.span, { name, what: article(sym.kind) }, {
        hints: sym.kind === "fn" ? [`call it: \`${name}(…)\``] : sym.kind === "struct" ? [`build one: \`${name} { … }\``] : [],
      }));
    }
    case "variant": {
      const v = ref.variant;
      if (v.kind === "option" && v.name === "None") {
        if (expected?.kind === "option") return expected;
        if (expected?.kind === "error") return expected;
        if (expected) return poisoned(cx.sink.error("E0301", e.span, { expected: show(expected), found: "Option<_>" }));
        return poisoned(cx.sink.error("E0314", e.span, { what: "`None`" }));
      }
      if (v.kind === "enum" && v.variant.payload === undefined) return { kind: "enum", name: v.sym.name, decl: v.sym.decl };
      return poisoned(cx.sink.error("E0335", e.span, { name, what: "a variant with a payload" }, { hints: [`construct it: \`${name}(…)\``] }));
    }
    case "builtin":
      return poisoned(cx.sink.error("E0335", e.span, { name, what: "a built-in" }, {
        hints: name in CONTEXT_MEMBERS ? [`use a member such as \`${name}.${Object.keys(CONTEXT_MEMBERS[name]!)[0]}\``] : [`call it: \`${name}(…)\``],
      }));
  }
}

function article(kind: string): string {
  return kind === "fn" ? "a function" : kind === "enum" || kind === "event" || kind === "error" || kind === "interface" ? `an ${kind}` : `a ${kind}`;
}

function field(cx: Checker, b: Body, e: A.FieldExpr): Type {
  const name = e.field.text;
  if (e.target.kind === "PathExpr") {
    const ref = cx.program.values.get(e.target);
    if (ref?.kind === "builtin") {
      const members = CONTEXT_MEMBERS[ref.name];
      const t = members?.[name];
      if (!t) {
        return poisoned(cx.sink.error("E0331", e.field.span, { base: ref.name, name }, { hints: didYouMeanHint(name, Object.keys(members ?? {})) }));
      }
      if (ref.name === "msg" && name === "value" && (b.isView || (!b.isPayable && (b.isEntry || b.kind === "init")))) {
        cx.sink.error("E0405", e.span, { fn: b.name });
      }
      return t;
    }
  }
  if (e.target.kind === "SelfExpr") {
    if (!b.view) return bug("`self` outside a contract passed resolve/ (E0213)");
    if (name === "address") return ADDRESS;
    if (name === "balance") return U256;
    const owners = b.view.ambiguous.get(name);
    if (owners) {
      return poisoned(cx.sink.error("E0210", e.field.span, { name, a: `\`${owners[0]}\``, b: `\`${owners[1]}\`` }, {
        hints: ["the field is ambiguous here; reach it through a function of the component that owns it"],
      }));
    }
    const f = b.view.storage.get(name);
    if (f) return cx.typeOf(f.decl.type, true);
    const hints = didYouMeanHint(name, [...b.view.storage.keys(), "address", "balance"]);
    if (b.view.fns.has(name)) hints.push(`\`${name}\` is a function: call it with \`self.${name}(…)\``);
    return poisoned(cx.sink.error("E0217", e.field.span, { name, contract: b.view.owner.name }, { hints }));
  }
  const t = checkExpr(cx, b, e.target);
  if (t.kind === "error") return t;
  if (t.kind === "struct") {
    const f = t.decl.fields.find((x) => x.name.text === name);
    if (f) return cx.typeOf(f.type);
    return poisoned(cx.sink.error("E0303", e.field.span, { type: t.name, name }, { hints: didYouMeanHint(name, t.decl.fields.map((x) => x.name.text)) }));
  }
  return poisoned(cx.sink.error("E0303", e.field.span, { type: show(t), name }));
}

function index(cx: Checker, b: Body, e: A.IndexExpr): Type {
  const t = checkExpr(cx, b, e.target);
  switch (t.kind) {
    case "error":
      checkExpr(cx, b, e.index);
      return t;
    case "map":
      checkExpr(cx, b, e.index, t.key);
      cx.expect(e.index.span, t.key, cx.out.exprTypes.get(e.index)!);
      return t.value;
    case "vec":
    case "array":
    case "bytes": {
      const u32: Type = { kind: "int", signed: false, bits: 32 };
      const it = checkExpr(cx, b, e.index, e.index.kind === "IntLit" ? u32 : undefined);
      // An undecided index (`let i = 0; v[i]`) becomes u32, the length type.
      if (it.kind === "intvar") typeEq(it, u32);
      const pi = prune(it);
      if (pi.kind !== "error" && (pi.kind !== "int" || pi.signed)) {
        cx.sink.error("E0301", e.index.span, { expected: "an unsigned integer", found: show(it) });
      }
      return t.kind === "bytes" ? { kind: "int", signed: false, bits: 8 } : t.elem;
    }
    default:
      checkExpr(cx, b, e.index);
      return poisoned(cx.sink.error("E0309", e.target.span, { type: show(t) }));
  }
}

function unary(cx: Checker, b: Body, e: A.UnaryExpr, expected: Type | undefined): Type {
  if (e.op === "-" && e.operand.kind === "IntLit") {
    // A negative literal is one literal (so `-128` fits `i8`); its range check covers the sign.
    const t = intLiteral(cx, e, -e.operand.value, expected);
    cx.record(e.operand, t);
    return t;
  }
  const t = checkExpr(cx, b, e.operand, expected);
  if (t.kind === "error" || t.kind === "never") return t;
  if (e.op === "!" && (t.kind === "bool" || isIntLike(t))) return t;
  if (e.op === "-" && (t.kind === "intvar" || (t.kind === "int" && t.signed))) return t;
  return poisoned(cx.sink.error("E0308", e.span, { op: e.op, type: show(t) }));
}

const ARITH = new Set(["+", "-", "*", "/", "%"]);
const BITS = new Set(["&", "|", "^"]);
const SHIFT = new Set(["<<", ">>"]);
const ORDER = new Set(["<", "<=", ">", ">="]);

/** Literals take the other operand's type, so check the non-literal side first. */
function isUntyped(e: A.Expr): boolean {
  return e.kind === "IntLit" || (e.kind === "UnaryExpr" && e.op === "-" && e.operand.kind === "IntLit") ||
    (e.kind === "PathExpr" && e.path.segments.length === 1 && e.path.segments[0]!.text === "None");
}

function binary(cx: Checker, b: Body, e: A.BinaryExpr, expected: Type | undefined): Type {
  if (e.op === "&&" || e.op === "||") {
    checkExpr(cx, b, e.left, BOOL);
    cx.expect(e.left.span, BOOL, cx.out.exprTypes.get(e.left)!);
    // The right operand may not run: assignments in it are not definite afterwards.
    const before = cloneFlow(b.flow);
    checkExpr(cx, b, e.right, BOOL);
    cx.expect(e.right.span, BOOL, cx.out.exprTypes.get(e.right)!);
    b.flow = joinFlows([before, b.flow]);
    return BOOL;
  }
  const arithLike = ARITH.has(e.op) || BITS.has(e.op);
  const ctx = arithLike && expected && isIntLike(expected) ? expected : undefined;
  let l: Type;
  let r: Type;
  if (SHIFT.has(e.op)) {
    l = checkExpr(cx, b, e.left, expected && isIntLike(expected) ? expected : undefined);
    r = checkExpr(cx, b, e.right, e.right.kind === "IntLit" ? ({ kind: "int", signed: false, bits: 32 } as Type) : undefined);
    if (r.kind === "intvar") typeEq(r, { kind: "int", signed: false, bits: 32 });
    const rr = prune(r);
    if (l.kind === "error") return l;
    if (rr.kind === "error") return isIntLike(l) ? l : rr;
    if (isIntLike(l) && rr.kind === "int" && !rr.signed) return l;
    return badBinary(cx, e, l, r);
  }
  if (isUntyped(e.left) && !isUntyped(e.right)) {
    r = checkExpr(cx, b, e.right, ctx);
    l = checkExpr(cx, b, e.left, r.kind === "error" || r.kind === "never" ? ctx : r);
  } else {
    l = checkExpr(cx, b, e.left, ctx);
    r = checkExpr(cx, b, e.right, l.kind === "error" || l.kind === "never" ? ctx : l);
  }
  if (l.kind === "error" || r.kind === "error") return ORDER.has(e.op) || e.op === "==" || e.op === "!=" ? BOOL : l.kind === "error" ? l : r;
  if (e.op === "==" || e.op === "!=") {
    if (!assignable(l, r)) return badBinary(cx, e, l, r);
    if (l.kind === "map") return badBinary(cx, e, l, r);
    return BOOL;
  }
  if (ORDER.has(e.op)) {
    if (isIntLike(l) && typeEq(l, r)) return BOOL;
    return badBinary(cx, e, l, r);
  }
  if (ARITH.has(e.op)) {
    if (isIntLike(l) && typeEq(l, r)) return prune(l);
    return badBinary(cx, e, l, r);
  }
  // & | ^
  if ((isIntLike(l) || l.kind === "bool") && typeEq(l, r)) return prune(l);
  return badBinary(cx, e, l, r);
}

function badBinary(cx: Checker, e: A.BinaryExpr, l: Type, r: Type): Type {
  const hints: string[] = [];
  if (isIntLike(l) && isIntLike(r)) hints.push(`convert one side explicitly, e.g. \`x as ${show(l)}\``);
  const reported = cx.sink.error("E0307", e.span, { op: e.op, left: show(l), right: show(r) }, { hints });
  return ORDER.has(e.op) || e.op === "==" || e.op === "!=" ? BOOL : poisoned(reported);
}

/** Field initialisers against declared fields: unknown (E0303), duplicate (E0322), missing (E0304). */
export function checkFieldInits(
  cx: Checker, b: Body, typeName: string, decls: A.FieldDecl[], inits: A.FieldInit[], span: A.Expr["span"],
): void {
  const seen = new Set<string>();
  for (const init of inits) {
    const d = decls.find((f) => f.name.text === init.name.text);
    if (seen.has(init.name.text)) {
      cx.sink.error("E0322", init.name.span, { name: init.name.text });
      checkExpr(cx, b, init.value);
      continue;
    }
    seen.add(init.name.text);
    if (!d) {
      cx.sink.error("E0303", init.name.span, { type: typeName, name: init.name.text }, {
        hints: didYouMeanHint(init.name.text, decls.map((f) => f.name.text)),
      });
      checkExpr(cx, b, init.value);
      continue;
    }
    const ft = cx.typeOf(d.type);
    const vt = checkExpr(cx, b, init.value, ft);
    cx.expect(init.value.span, ft, vt);
  }
  const missing = decls.filter((f) => !seen.has(f.name.text)).map((f) => `\`${f.name.text}\``);
  if (missing.length > 0) cx.sink.error("E0304", span, { names: missing.join(", "), type: typeName });
}

function structLit(cx: Checker, b: Body, e: A.StructLit): Type {
  const ref = cx.program.structPaths.get(e.path);
  const name = e.path.segments.map((s) => s.text).join("::");
  const skip = (reported: ErrorEmitted): Type => {
    for (const f of e.fields) checkExpr(cx, b, f.value);
    return poisoned(reported);
  };
  if (!ref) return bug(`struct path \`${name}\` left unbound by resolve/`);
  if (ref.kind === "item" && ref.sym.kind === "struct") {
    checkFieldInits(cx, b, ref.sym.name, ref.sym.decl.fields, e.fields, e.span);
    return { kind: "struct", name: ref.sym.name, decl: ref.sym.decl };
  }
  if (ref.kind === "variant" && ref.variant.kind === "enum" && ref.variant.variant.payload?.kind === "StructPayload") {
    checkFieldInits(cx, b, name, ref.variant.variant.payload.fields, e.fields, e.span);
    return { kind: "enum", name: ref.variant.sym.name, decl: ref.variant.sym.decl };
  }
  const kind = ref.kind === "item" || ref.kind === "member" ? ref.sym.kind : ref.kind;
  const hints = kind === "event" ? [`emit it: \`emit ${name} { … };\``] : kind === "error" ? [`revert with it: \`revert ${name} { … };\``] : [];
  return skip(cx.sink.error("E0214", e.path.span, { expected: "a struct", found: kind, name }, { hints }));
}

function arrayLit(cx: Checker, b: Body, e: A.ArrayLit, expected: Type | undefined): Type {
  const elemExp = expected?.kind === "array" || expected?.kind === "vec" ? expected.elem : undefined;
  if (e.elems.length === 0) {
    if (expected?.kind === "vec" || (expected?.kind === "array" && expected.len === 0)) return expected;
    if (expected?.kind === "array") {
      cx.sink.error("E0325", e.span, { expected: expected.len, found: 0 });
      return expected;
    }
    if (expected?.kind === "error") return expected;
    return poisoned(cx.sink.error("E0314", e.span, { what: "an empty array" }));
  }
  let elem = elemExp;
  for (const x of e.elems) {
    const t = checkExpr(cx, b, x, elem);
    if (elem === undefined || elem.kind === "never") elem = t;
    else cx.expect(x.span, elem, t);
  }
  // elem is set: the empty literal returned above.
  if (expected?.kind === "vec") return { kind: "vec", elem: elem! };
  if (expected?.kind === "array" && expected.len !== e.elems.length) {
    cx.sink.error("E0325", e.span, { expected: expected.len, found: e.elems.length });
    return expected;
  }
  return { kind: "array", elem: elem!, len: e.elems.length };
}

function ifExpr(cx: Checker, b: Body, e: A.IfExpr, expected: Type | undefined): Type {
  const c = checkExpr(cx, b, e.cond, BOOL);
  cx.expect(e.cond.span, BOOL, c);
  const start = cloneFlow(b.flow);
  const thenT = checkBlockExpr(cx, b, e.then, e.else ? expected : undefined);
  const afterThen = b.flow;
  b.flow = cloneFlow(start);
  if (!e.else) {
    b.flow = joinFlows([afterThen, b.flow]);
    return UNIT;
  }
  const want = expected ?? (thenT.kind === "never" ? undefined : thenT);
  const elseT = e.else.kind === "Block" ? checkBlockExpr(cx, b, e.else, want) : checkExpr(cx, b, e.else, want);
  const afterElse = b.flow;
  b.flow = joinFlows([afterThen, afterElse]);
  if (thenT.kind === "never") return elseT;
  if (elseT.kind === "never") return thenT;
  if (!assignable(thenT, elseT)) {
    const span = e.else.kind === "Block" ? (e.else.tail ?? e.else).span : e.else.span;
    return poisoned(cx.sink.error("E0301", span, { expected: show(thenT), found: show(elseT) }, { hints: ["both branches of an `if` must have the same type"] }));
  }
  return thenT;
}

