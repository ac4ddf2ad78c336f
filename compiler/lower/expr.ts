// Lowering of expressions: literals, names, members, aggregates, operators and casts.

import type * as A from "../ast/ast.js";
import { prune, type Type } from "../check/types.js";
import type { Expr, IntKind, Repr, Stmt, ValTy } from "./ast.js";
import { Unsupported } from "./context.js";
import { i32, intConst, storeSlot } from "./encode.js";
import { fixedSize, isSimple, valTy } from "./repr.js";
import { describe } from "./base.js";
import { VariantLowerer } from "./variants.js";

export abstract class ExprLowerer extends VariantLowerer {
  // ── expressions ─────────────────────────────────────────────────────────────────────────
  override expr(e: A.Expr): Expr {
    const t = this.typeOf(e);
    switch (e.kind) {
      case "IntLit":
        return intConst(this.repr(t, e.span), e.value);
      case "BoolLit":
        return i32(e.value ? 1 : 0);
      case "BytesLit":
        if (t.kind === "bytes32") return { k: "data", bytes: Uint8Array.from(Buffer.from(e.hex, "hex")) };
        if (t.kind === "bytes") return { k: "data", bytes: lengthPrefixed(Uint8Array.from(Buffer.from(e.hex, "hex"))) };
        throw new Unsupported(`a bytes literal of type ${describe(t)}`, e.span);
      case "PathExpr":
        return this.path(e, t);
      case "FieldExpr":
        return this.field(e);
      case "IndexExpr": {
        const place = this.storagePlace(e);
        if (place) return this.sloadValue(place.key, place.type, place.repr, e.span);
        return this.memberValue(e);
      }
      case "TupleIndexExpr":
        return this.memberValue(e);
      case "StringLit":
        return { k: "data", bytes: lengthPrefixed(new TextEncoder().encode(e.value)) };
      case "TupleLit":
        return this.aggregate(t, e.elems.map((x) => ({ value: x, member: undefined })), e.span);
      case "StructLit": {
        if (t.kind === "enum") {
          const ref = this.cx.program.resolved.structPaths.get(e.path);
          if (ref?.kind === "variant" && ref.variant.kind === "enum") return this.variantLit(e, t, ref.variant);
        }
        if (t.kind !== "struct") throw new Unsupported("this literal", e.span);
        return this.aggregate(t, e.fields.map((f) => ({ value: f.value, member: f.name.text })), e.span);
      }
      case "ArrayLit":
        return this.aggregate(t, e.elems.map((x) => ({ value: x, member: undefined })), e.span);
      case "ArrayRepeat":
        return this.arrayRepeat(e, t);
      case "UnaryExpr": {
        if (e.op === "!") {
          if (t.kind === "bool") return { k: "eqz", ty: "i32", a: this.expr(e.operand) };
          return { k: "not", int: this.intOf(t, e.span), a: this.expr(e.operand) };
        }
        // -x is 0 - x, checked (so -MIN overflows).
        if (e.operand.kind === "IntLit") return intConst(this.repr(t, e.span), -e.operand.value);
        return { k: "arith", op: "sub", int: this.intOf(t, e.span), a: intConst(this.repr(t, e.span), 0n), b: this.expr(e.operand) };
      }
      case "BinaryExpr":
        return this.binary(e.op, this.typeOf(e.left), this.expr(e.left), () => this.expr(e.right), this.typeOf(e.right), e.span);
      case "CastExpr": {
        const from = this.typeOf(e.expr);
        const v = this.expr(e.expr);
        if (from.kind === "int" && t.kind === "int") {
          if (from.bits === t.bits && from.signed === t.signed) return v;
          return { k: "cast", from: { signed: from.signed, bits: from.bits }, to: { signed: t.signed, bits: t.bits }, a: v };
        }
        // address ↔ bytes32 and u256 ↔ bytes32 share the 32-byte representation.
        return v;
      }
      case "CallExpr":
      case "MethodCallExpr": {
        const c = this.call(e);
        if (!c) throw new Unsupported("a unit value", e.span);
        return c;
      }
      case "IfExpr": {
        const ty = this.valTyOf(t, e.span);
        if (!ty || !e.else) throw new Unsupported("this `if` expression", e.span);
        return { k: "ifx", ty, cond: this.expr(e.cond), then: this.blockValue(e.then), else: e.else.kind === "IfExpr" ? this.expr(e.else) : this.blockValue(e.else) };
      }
      case "BlockExpr":
        return this.blockValue(e.block);
      case "MatchExpr": {
        const m = this.matchStmts(e, true);
        return { k: "seq", body: m.body, value: { k: "get", local: m.res } };
      }
      case "TryExpr": {
        const c = e.expr.kind === "MethodCallExpr" ? this.call(e.expr) : undefined;
        if (!c) throw new Unsupported("this `try`", e.span);
        return c;
      }
      default:
        throw new Unsupported(`this expression (${e.kind})`, e.span);
    }
  }

  private blockValue(b: A.Block): Expr {
    if (!b.tail) throw new Unsupported("a block without a value", b.span);
    const body: Stmt[] = [];
    for (const s of b.stmts) body.push(...this.stmt(s));
    const value = this.expr(b.tail);
    return body.length ? { k: "seq", body, value } : value;
  }

  private path(e: A.PathExpr, t: Type): Expr {
    const ref = this.cx.program.resolved.values.get(e);
    if (ref?.kind === "local") {
      const idx = this.localIds.get(ref.local);
      // A unit-typed variable has no local; its value is nothing.
      if (idx === undefined && this.repr(t, e.span).kind === "unit") return i32(0);
      if (idx === undefined) throw new Unsupported("this variable", e.span);
      return { k: "get", local: idx };
    }
    if (ref?.kind === "variant" && ref.variant.kind === "option" && ref.variant.name === "None") {
      // A fresh zeroed buffer: tag 0.
      return { k: "alloc", size: i32(fixedSize(this.repr(t, e.span))) };
    }
    if (ref?.kind === "variant" && ref.variant.kind === "enum") return this.makeVariant(t, ref.variant.index, [], e.span);
    if ((ref?.kind === "item" || ref?.kind === "member") && ref.sym.kind === "const") {
      const v = constValue(ref.sym.decl.value);
      // Any other constant (a string, tuple, array, cast …): its initialiser, a constant
      // expression, evaluated where it is used.
      if (v === undefined) return this.expr(ref.sym.decl.value);
      if (typeof v === "boolean") return i32(v ? 1 : 0);
      return intConst(this.repr(t, e.span), v);
    }
    throw new Unsupported("this name as a value", e.span);
  }

  /** `[x; N]`: a fresh array — or, when `reuse` is a unique local (unique.ts), that local's old buffer refilled. */
  protected arrayRepeat(e: A.ArrayRepeat, t: Type, reuse?: number): Expr {
    if (t.kind !== "array") throw new Unsupported("this literal", e.span);
    const er = this.repr(prune(t.elem), e.span);
    const es = fixedSize(er);
    const v = this.tmp(valTy(er) ?? "i32", "v");
    const p = this.tmp("i32", "arr");
    const i = this.tmp("i32", "i");
    const l = this.loopLabels();
    const alloc: Expr = { k: "alloc", size: i32(es * t.len) };
    // An unshared buffer the local held (unique.ts): refill it instead of allocating (0 = none yet).
    const body: Stmt[] = [{ k: "set", local: p, value: reuse === undefined ? alloc
      : { k: "ifx", ty: "i32", cond: { k: "eqz", ty: "i32", a: { k: "get", local: reuse } }, then: alloc, else: { k: "get", local: reuse } } }];
    if (er.kind !== "unit") body.push({ k: "set", local: v, value: this.expr(e.value) });
    else body.push(...this.effect(e.value));
    const zero = (e.value.kind === "IntLit" && e.value.value === 0n) || (e.value.kind === "BoolLit" && !e.value.value);
    if (zero && er.kind === "scalar") {
      // All-zero bytes: one `memory.fill` (the encoding of a scalar 0 / false is zero bytes).
      body.push({ k: "fill", dst: { k: "get", local: p }, byte: 0, len: i32(es * t.len) });
    } else if (er.kind !== "unit" && t.len > 0) {
      const at: Expr = { k: "raw", op: "add", ty: "i32", a: { k: "get", local: p }, b: { k: "raw", op: "mul", ty: "i32", a: { k: "get", local: i }, b: i32(es) } };
      body.push({ k: "set", local: i, value: i32(0) }, { k: "block", label: l.brk, body: [{ k: "loop", label: l.cont, body: [
        { k: "br", label: l.brk, cond: { k: "raw", op: "ge_u", ty: "i32", a: { k: "get", local: i }, b: i32(t.len) } },
        ...storeSlot(at, 0, { k: "get", local: v }, er),
        { k: "set", local: i, value: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: i }, b: i32(1) } },
        { k: "br", label: l.cont },
      ] }] });
    }
    return { k: "seq", body, value: { k: "get", local: p } };
  }

  /** A tuple, struct or array literal: members evaluated in source order, then stored in layout order. */
  private aggregate(t: Type, elems: { value: A.Expr; member: string | undefined }[], span: A.Span): Expr {
    let slots: { offset: number; repr: Repr }[];
    let size: number;
    let vec = false;
    if (t.kind === "vec") {
      // Items go into a new block (cap = len = used); the value is its header.
      const er = this.repr(prune(t.elem), span);
      slots = elems.map((_, i) => ({ offset: i * fixedSize(er), repr: er }));
      size = fixedSize(er) * elems.length;
      vec = true;
    } else if (t.kind === "array") {
      const er = this.repr(prune(t.elem), span);
      slots = elems.map((_, i) => ({ offset: i * fixedSize(er), repr: er }));
      size = fixedSize(er) * t.len;
    } else {
      const ms = this.members(t, span);
      slots = elems.map((x, i) => {
        const m = x.member === undefined ? ms[i] : ms.find((y) => y.name === x.member);
        if (!m) throw new Unsupported("this literal", span);
        return m;
      });
      size = ms.reduce((n, m) => n + fixedSize(m.repr), 0);
    }
    const body: Stmt[] = [];
    const temps = elems.map((x, i) => {
      const ty = valTy(slots[i]!.repr);
      if (!ty) {
        body.push(...this.effect(x.value));
        return -1;
      }
      const l = this.tmp(ty, "el");
      body.push({ k: "set", local: l, value: this.expr(x.value) });
      return l;
    });
    const p = this.tmp("i32", "agg");
    let value: Expr = { k: "get", local: p };
    if (vec) {
      const es = elems.length ? size / elems.length : 0;
      const nv = this.newVec(i32(elems.length), es);
      body.push(...nv.body, { k: "set", local: p, value: { k: "raw", op: "add", ty: "i32", a: { k: "load", ty: "i32", width: 4, signed: false, ptr: nv.value, offset: 4 }, b: i32(8) } });
      value = nv.value;
    } else body.push({ k: "set", local: p, value: { k: "alloc", size: i32(size) } });
    temps.forEach((l, i) => {
      if (l >= 0) body.push(...storeSlot({ k: "get", local: p }, slots[i]!.offset, { k: "get", local: l }, slots[i]!.repr));
    });
    return { k: "seq", body, value };
  }

  private hostWord(name: string): Expr {
    const p = this.tmp("i32", "w");
    return { k: "seq", body: [{ k: "set", local: p, value: { k: "alloc", size: i32(32) } }, { k: "do", e: { k: "host", name, args: [{ k: "get", local: p }] } }], value: { k: "get", local: p } };
  }

  private field(e: A.FieldExpr): Expr {
    const name = e.field.text;
    if (e.target.kind === "PathExpr") {
      const ref = this.cx.program.resolved.values.get(e.target);
      if (ref?.kind === "builtin") {
        const key = `${ref.name}.${name}`;
        switch (key) {
          case "msg.sender": return this.hostWord("caller");
          case "msg.value": return this.hostWord("value");
          case "tx.origin": return this.hostWord("origin");
          case "block.height": return { k: "host", name: "block_height", args: [] };
          case "block.time": return { k: "host", name: "block_time", args: [] };
          case "chain.id": return { k: "host", name: "chain_id", args: [] };
          case "address.zero": return { k: "alloc", size: i32(32) };
        }
      }
    }
    if (e.target.kind === "SelfExpr") {
      if (name === "address") return this.hostWord("self_address");
      if (name === "balance") {
        const p = this.tmp("i32", "bal");
        return { k: "seq", body: [
          { k: "set", local: p, value: { k: "alloc", size: i32(32) } },
          { k: "do", e: { k: "host", name: "balance_of", args: [this.hostWord("self_address"), { k: "get", local: p }] } },
        ], value: { k: "get", local: p } };
      }
      const place = this.storagePlace(e);
      if (place) return this.sloadValue(place.key, place.type, place.repr, e.span);
      const sv = this.storageVec(e);
      if (sv) return this.storageVecValue(sv, e.span);
      throw new Unsupported("this field access", e.span);
    }
    return this.memberValue(e);
  }

  /** `l op r` where `l` has type `lt` (the right operand is lowered lazily: `&&`, `||`). */
  binary(op: A.BinaryOp, lt: Type, l: Expr, r: () => Expr, rt: Type, span: A.Span): Expr {
    switch (op) {
      case "&&":
        return { k: "ifx", ty: "i32", cond: l, then: r(), else: i32(0) };
      case "||":
        return { k: "ifx", ty: "i32", cond: l, then: i32(1), else: r() };
      case "+": case "-": case "*": case "/": case "%": {
        const ops = { "+": "add", "-": "sub", "*": "mul", "/": "div", "%": "rem" } as const;
        return { k: "arith", op: ops[op], int: this.intOf(lt, span), a: l, b: r() };
      }
      case "==": case "!=": case "<": case "<=": case ">": case ">=": {
        const ops = { "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge" } as const;
        const repr = this.repr(lt, span);
        if (repr.kind === "unit") {
          // () == () — only the operands' effects.
          return { k: "seq", body: [{ k: "do", e: l }, { k: "do", e: r() }], value: i32(op === "==" || op === "<=" || op === ">=" ? 1 : 0) };
        }
        if (!isSimple(repr)) {
          // Values with pointers or tagged members: equal exactly when their canonical
          // encodings are (the encoding is a bijection, docs/abi.md §2).
          const eq: Expr = { k: "dyneq", a: this.toBytes(l, lt, span), b: this.toBytes(r(), lt, span) };
          return op === "!=" ? { k: "eqz", ty: "i32", a: eq } : eq;
        }
        return { k: "cmp", op: ops[op], repr, a: l, b: r() };
      }
      case "&": case "|": case "^": {
        const ops = { "&": "and", "|": "or", "^": "xor" } as const;
        return { k: "bits", op: ops[op], repr: this.repr(lt, span), a: l, b: r() };
      }
      case "<<": case ">>":
        return this.shift(op, this.intOf(lt, span), l, r(), this.repr(rt, span), span);
    }
  }

  /** An unsigned shift amount as an i32, with every amount ≥ 2³² mapped to 2³² − 1. */
  private saturatedAmount(amt: Expr, r: Repr, span: A.Span): Expr {
    if (r.kind === "scalar" && r.ty === "i32") return amt;
    if (r.kind === "scalar") {
      const l = this.tmp("i64", "amt");
      const A: Expr = { k: "get", local: l };
      return { k: "seq", body: [{ k: "set", local: l, value: amt }], value: { k: "ifx", ty: "i32",
        cond: { k: "raw", op: "gt_u", ty: "i64", a: A, b: { k: "const", ty: "i64", value: 0xffff_ffffn } }, then: i32(-1), else: { k: "conv", op: "wrap", a: A } } };
    }
    if (r.kind !== "mem") throw new Unsupported("this shift amount", span);
    const p = this.tmp("i32", "amt");
    const word = (o: number): Expr => ({ k: "load", ty: "i32", width: 4, signed: false, ptr: { k: "get", local: p }, offset: o });
    let hi: Expr = word(4);
    for (let o = 8; o < r.size; o += 4) hi = { k: "raw", op: "or", ty: "i32", a: hi, b: word(o) };
    return { k: "seq", body: [{ k: "set", local: p, value: amt }], value: { k: "ifx", ty: "i32", cond: hi, then: i32(-1), else: word(0) } };
  }

  /** Shifts by an amount ≥ the width give 0 (or the sign for `>>` of a negative value). */
  private shift(op: "<<" | ">>", int: IntKind, x: Expr, amt: Expr, amtRepr: Repr, span: A.Span): Expr {
    if (int.bits > 64 || amtRepr.kind !== "scalar") {
      // The amount as an unsigned i32, saturated: an amount ≥ 2³² shifts as far as 2³² − 1,
      // which is past every width (the result is then 0, or −1 for `>>` of a negative value).
      const xl = this.tmp(int.bits > 64 ? "i32" : int.bits === 64 ? "i64" : "i32", "x");
      const n = this.tmp("i32", "n");
      const pre: Stmt[] = [{ k: "set", local: xl, value: x }, { k: "set", local: n, value: this.saturatedAmount(amt, amtRepr, span) }];
      const X: Expr = { k: "get", local: xl }, N: Expr = { k: "get", local: n };
      if (int.bits > 64) return { k: "seq", body: pre, value: { k: "wshift", op: op === "<<" ? "shl" : "shr", int, a: X, n: N } };
      return { k: "seq", body: pre, value: this.shift(op, int, X, N, { kind: "scalar", ty: "i32", size: 4, int: { signed: false, bits: 32 } }, span) };
    }
    const ty: ValTy = int.bits === 64 ? "i64" : "i32";
    const xl = this.tmp(ty, "x");
    const al = this.tmp(amtRepr.ty, "amt");
    const a: Expr = { k: "get", local: al };
    const X: Expr = { k: "get", local: xl };
    const tooFar: Expr = { k: "raw", op: "ge_u", ty: amtRepr.ty, a, b: { k: "const", ty: amtRepr.ty, value: BigInt(int.bits) } };
    const amtT: Expr = amtRepr.ty === ty ? a : amtRepr.ty === "i64" ? { k: "conv", op: "wrap", a } : { k: "conv", op: "extend_u", a };
    let shifted: Expr;
    let far: Expr;
    if (op === "<<") {
      shifted = normalize({ k: "raw", op: "shl", ty, a: X, b: amtT }, int);
      far = { k: "const", ty, value: 0n };
    } else {
      shifted = { k: "raw", op: int.signed ? "shr_s" : "shr_u", ty, a: X, b: amtT };
      far = int.signed ? { k: "raw", op: "shr_s", ty, a: X, b: { k: "const", ty, value: ty === "i64" ? 63n : 31n } } : { k: "const", ty, value: 0n };
    }
    return { k: "seq", body: [{ k: "set", local: xl, value: x }, { k: "set", local: al, value: amt }], value: { k: "ifx", ty, cond: tooFar, then: far, else: shifted } };
  }
}

function lengthPrefixed(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + b.length);
  new DataView(out.buffer).setUint32(0, b.length, true);
  out.set(b, 4);
  return out;
}

function normalize(v: Expr, int: IntKind): Expr {
  if (int.bits >= 32) return v;
  if (!int.signed) return { k: "raw", op: "and", ty: "i32", a: v, b: i32((1 << int.bits) - 1) };
  const sh = i32(32 - int.bits);
  return { k: "raw", op: "shr_s", ty: "i32", a: { k: "raw", op: "shl", ty: "i32", a: v, b: sh }, b: sh };
}

/** Value of a constant expression made of literals and operators (enough for integer consts). */
function constValue(e: A.Expr): bigint | boolean | undefined {
  switch (e.kind) {
    case "IntLit": return e.value;
    case "BoolLit": return e.value;
    case "UnaryExpr": {
      const v = constValue(e.operand);
      return e.op === "-" && typeof v === "bigint" ? -v : e.op === "!" && typeof v === "boolean" ? !v : undefined;
    }
    case "BinaryExpr": {
      const a = constValue(e.left), b = constValue(e.right);
      if (typeof a !== "bigint" || typeof b !== "bigint") return undefined;
      switch (e.op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": return b === 0n ? undefined : a / b;
        case "%": return b === 0n ? undefined : a % b;
        default: return undefined;
      }
    }
    default: return undefined;
  }
}
