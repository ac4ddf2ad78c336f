// Lowering of function bodies: statements and expressions of the typed program → IR.
// Types come from check/ (exprTypes, localTypes), calls from its call table; nothing here
// re-derives either. Constructs not supported yet throw `Unsupported` with their span.

import type * as A from "../ast/ast.js";
import type { Local as SilkLocal, SelfView } from "../resolve/ast.js";
import { prune, type IntType, type Type } from "../check/types.js";
import type { Expr, Func, IntKind, Local, Repr, Stmt, StorageKey, ValTy } from "./ast.js";
import { fnNameFor, Unsupported, type LowerContext } from "./context.js";
import { encodeStmts, errorData, i32, i64, intConst, revertError, sizeOfFields } from "./encode.js";
import { abiTypeOf, reprOf, valTy } from "./repr.js";
import { eventTopic, selector } from "../../stdlib/abi/selector.js";
import { signature } from "../../stdlib/abi/types.js";

interface LoopLabels {
  brk: string;
  cont: string;
}

export class FnLowerer {
  readonly params: Local[] = [];
  readonly locals: Local[] = [];
  private readonly localIds = new Map<SilkLocal, number>();
  private readonly loops: LoopLabels[] = [];
  private labelSeq = 0;

  constructor(readonly cx: LowerContext, readonly view: SelfView | undefined) {}

  // ── locals ──────────────────────────────────────────────────────────────────────────────
  param(p: A.Param): number {
    const local = this.cx.program.resolved.locals.get(p)!;
    const ty = this.valTyOf(this.cx.program.localTypes.get(local)!, p.span);
    if (ty === undefined) throw new Unsupported("a unit-typed parameter", p.span);
    const idx = this.params.length;
    this.params.push({ name: p.name.text, ty });
    this.localIds.set(local, idx);
    return idx;
  }

  tmp(ty: ValTy, name = "t"): number {
    this.locals.push({ name: `${name}${this.locals.length}`, ty });
    return this.params.length + this.locals.length - 1;
  }

  private bind(local: SilkLocal, ty: ValTy): number {
    this.locals.push({ name: local.name, ty });
    const idx = this.params.length + this.locals.length - 1;
    this.localIds.set(local, idx);
    return idx;
  }

  finish(name: string, result: ValTy | undefined, body: Stmt[], exportName?: string): Func {
    return { name, params: this.params, locals: this.locals, result, body, ...(exportName ? { export: exportName } : {}) };
  }

  // ── types ───────────────────────────────────────────────────────────────────────────────
  typeOf(e: A.Expr): Type {
    const t = this.cx.program.exprTypes.get(e);
    if (!t) throw new Unsupported("an expression without a type", e.span);
    return prune(t);
  }
  repr(t: Type, span: A.Span): Repr {
    const r = reprOf(t);
    if (!r) throw new Unsupported(`values of type ${describe(t)}`, span);
    return r;
  }
  private valTyOf(t: Type, span: A.Span): ValTy | undefined {
    return valTy(this.repr(t, span));
  }
  private intOf(t: Type, span: A.Span): IntKind {
    if (t.kind !== "int") throw new Unsupported(`this operation on ${describe(t)}`, span);
    return { signed: t.signed, bits: t.bits };
  }

  // ── blocks and statements ───────────────────────────────────────────────────────────────
  block(b: A.Block): Stmt[] {
    const out: Stmt[] = [];
    for (const s of b.stmts) out.push(...this.stmt(s));
    if (b.tail) out.push(...this.effect(b.tail));
    return out;
  }

  /** A body whose tail (if any) is the function's return value. */
  fnBody(b: A.Block, returns: boolean): Stmt[] {
    const out: Stmt[] = [];
    for (const s of b.stmts) out.push(...this.stmt(s));
    if (b.tail) {
      if (returns && this.typeOf(b.tail).kind !== "never") out.push({ k: "return", value: this.expr(b.tail) });
      else out.push(...this.effect(b.tail));
    }
    return out;
  }

  stmt(s: A.Stmt): Stmt[] {
    switch (s.kind) {
      case "LetStmt":
        return this.letStmt(s);
      case "AssignStmt":
        return this.assign(s);
      case "ExprStmt":
        return this.effect(s.expr);
      case "WhileStmt": {
        const l = this.loopLabels();
        this.loops.push(l);
        const body = this.block(s.body);
        this.loops.pop();
        return [{ k: "block", label: l.brk, body: [{ k: "loop", label: l.cont, body: [
          { k: "br", label: l.brk, cond: { k: "eqz", ty: "i32", a: this.expr(s.cond) } },
          ...body,
          { k: "br", label: l.cont },
        ] }] }];
      }
      case "ForStmt":
        return this.forStmt(s);
      case "BreakStmt":
        return [{ k: "br", label: this.loops.at(-1)!.brk }];
      case "ContinueStmt":
        return [{ k: "br", label: this.loops.at(-1)!.cont }];
      case "ReturnStmt":
        if (!s.value || this.repr(this.typeOf(s.value), s.span).kind === "unit") {
          return [...(s.value ? this.effect(s.value) : []), { k: "return" }];
        }
        return [{ k: "return", value: this.expr(s.value) }];
      case "EmitStmt":
        return this.emit(s);
      case "RevertStmt":
        return this.revertWith(s.reason);
      case "RequireStmt":
        return [{ k: "if", cond: { k: "eqz", ty: "i32", a: this.expr(s.cond) }, then: s.reason ? this.revertWith(s.reason) : revertError(this, new Uint8Array(0)), else: [] }];
      case "AssertStmt":
        return [{ k: "if", cond: { k: "eqz", ty: "i32", a: this.expr(s.cond) }, then: [{ k: "panic", code: 0x01 }], else: [] }];
    }
  }

  private loopLabels(): LoopLabels {
    const n = this.labelSeq++;
    return { brk: `brk${n}`, cont: `cont${n}` };
  }

  private letStmt(s: A.LetStmt): Stmt[] {
    const p = s.pattern;
    if (p.kind === "WildcardPattern") return s.init ? this.effect(s.init) : [];
    if (p.kind !== "IdentPattern") throw new Unsupported("this `let` pattern", p.span);
    const local = this.cx.program.resolved.locals.get(p)!;
    const ty = this.valTyOf(this.cx.program.localTypes.get(local)!, p.span);
    if (ty === undefined) return s.init ? this.effect(s.init) : [];
    const idx = this.bind(local, ty);
    return s.init ? [{ k: "set", local: idx, value: this.expr(s.init) }] : [];
  }

  private assign(s: A.AssignStmt): Stmt[] {
    const t = this.typeOf(s.target);
    const compute = (old: () => Expr): Expr => {
      if (s.op === "=") return this.expr(s.value);
      const op = s.op.slice(0, -1) as A.BinaryOp;
      return this.binary(op, t, old(), () => this.expr(s.value), this.typeOf(s.value), s.span);
    };
    const target = s.target;
    if (target.kind === "PathExpr") {
      const ref = this.cx.program.resolved.values.get(target);
      if (ref?.kind !== "local") throw new Unsupported("this assignment target", target.span);
      const idx = this.localIds.get(ref.local)!;
      return [{ k: "set", local: idx, value: compute(() => ({ k: "get", local: idx })) }];
    }
    const place = this.storagePlace(target);
    if (!place) throw new Unsupported("this assignment target", target.span);
    if (s.op === "=") return [{ k: "sstore", key: place.key, repr: place.repr, value: compute(() => ({ k: "const", ty: "i32", value: 0n })) }];
    // Compound: evaluate the key parts once.
    const pre: Stmt[] = [];
    const parts = place.key.parts.map((p) => {
      const ty = valTy(p.repr)!;
      const l = this.tmp(ty, "key");
      pre.push({ k: "set", local: l, value: p.value });
      return { value: { k: "get", local: l } as Expr, repr: p.repr };
    });
    const key: StorageKey = { prefix: place.key.prefix, parts };
    return [...pre, { k: "sstore", key, repr: place.repr, value: compute(() => ({ k: "sload", key, repr: place.repr })) }];
  }

  private forStmt(s: A.ForStmt): Stmt[] {
    if (s.iter.kind !== "RangeExpr") throw new Unsupported("`for` over a collection", s.iter.span);
    const t = this.typeOf(s.iter.start);
    const int = this.intOf(t, s.span);
    const r = this.repr(t, s.span);
    if (r.kind !== "scalar") throw new Unsupported("`for` over a range of 128/256-bit integers", s.span);
    const ty = r.ty;
    let i: number;
    if (s.binding.kind === "IdentPattern") i = this.bind(this.cx.program.resolved.locals.get(s.binding)!, ty);
    else i = this.tmp(ty, "i");
    const end = this.tmp(ty, "end");
    const l = this.loopLabels();
    this.loops.push(l);
    const body = this.block(s.body);
    this.loops.pop();
    const sfx = int.signed ? "s" : "u";
    const exit: Expr = { k: "raw", op: s.iter.inclusive ? `gt_${sfx}` : `ge_${sfx}`, ty, a: { k: "get", local: i }, b: { k: "get", local: end } };
    const top = `top${l.brk}`;
    return [
      { k: "set", local: i, value: this.expr(s.iter.start) },
      { k: "set", local: end, value: this.expr(s.iter.end) },
      { k: "block", label: l.brk, body: [{ k: "loop", label: top, body: [
        { k: "br", label: l.brk, cond: exit },
        { k: "block", label: l.cont, body },
        // `a..=MAX` must stop before the increment overflows.
        ...(s.iter.inclusive ? [{ k: "br", label: l.brk, cond: { k: "raw", op: "eq", ty, a: { k: "get", local: i }, b: { k: "get", local: end } } } as Stmt] : []),
        { k: "set", local: i, value: { k: "raw", op: "add", ty, a: { k: "get", local: i }, b: { k: "const", ty, value: 1n } } },
        { k: "br", label: top },
      ] }] },
    ];
  }

  /** An expression evaluated for its effects only. */
  effect(e: A.Expr): Stmt[] {
    switch (e.kind) {
      case "IfExpr": {
        const els = e.else === undefined ? [] : e.else.kind === "IfExpr" ? this.effect(e.else) : this.block(e.else);
        return [{ k: "if", cond: this.expr(e.cond), then: this.block(e.then), else: els }];
      }
      case "BlockExpr":
        return this.block(e.block);
      case "CallExpr":
      case "MethodCallExpr": {
        const c = this.call(e);
        return c ? [{ k: "do", e: c }] : [];
      }
      default: {
        const r = this.repr(this.typeOf(e), e.span);
        if (r.kind === "unit") throw new Unsupported("this unit expression", e.span);
        return [{ k: "do", e: this.expr(e) }];
      }
    }
  }

  // ── events and errors ───────────────────────────────────────────────────────────────────
  private fieldsInOrder(decls: A.FieldDecl[], inits: A.FieldInit[]): { decl: A.FieldDecl; value: A.FieldInit }[] {
    return decls.map((d) => ({ decl: d, value: inits.find((f) => f.name.text === d.name.text)! }));
  }

  private fieldType(d: A.FieldDecl): Type {
    const t = this.cx.program.typeExprs.get(d.type);
    if (!t) throw new Unsupported("this field type", d.span);
    return prune(t);
  }

  private emit(s: A.EmitStmt): Stmt[] {
    const ref = this.cx.program.resolved.structPaths.get(s.event);
    const decl = ref && (ref.kind === "item" || ref.kind === "member") && ref.sym.kind === "event" ? ref.sym.decl as A.EventDecl : undefined;
    if (!decl) throw new Unsupported("this event", s.span);
    const fields = this.fieldsInOrder(decl.fields, s.fields);
    const types = decl.fields.map((f) => this.fieldType(f));
    const sig = signature(decl.name.text, types.map((t, i) => abiTypeOrThrow(t, decl.fields[i]!.span)));
    const indexed = fields.filter((f) => f.decl.attributes.some((a) => a.name.text === "indexed"));
    const plain = fields.filter((f) => !indexed.includes(f));
    const out: Stmt[] = [];
    const topics = this.tmp("i32", "topics");
    out.push({ k: "set", local: topics, value: { k: "alloc", size: i32(32 * (1 + indexed.length)) } });
    out.push({ k: "copy", dst: { k: "get", local: topics }, src: { k: "data", bytes: eventTopic(sig) }, len: i32(32) });
    indexed.forEach((f, n) => {
      const t = this.fieldType(f.decl);
      const r = this.repr(t, f.decl.span);
      if (r.kind === "mem" && r.size > 32) throw new Unsupported("an indexed field of this type", f.decl.span);
      // Word types: canonical encoding left-aligned in a zeroed 32-byte topic.
      out.push(...encodeStmts({ k: "get", local: topics }, 32 * (n + 1), this.expr(f.value.value), r));
    });
    const data = this.encodeFields(plain.map((f) => ({ value: f.value.value, type: this.fieldType(f.decl), span: f.decl.span })), out, 0);
    out.push({ k: "do", e: { k: "host", name: "emit", args: [{ k: "get", local: topics }, i32(1 + indexed.length), { k: "get", local: data.ptr }, i32(data.size)] } });
    return out;
  }

  /** Encodes values into a fresh buffer after `prefix` bytes; returns its local and total size. */
  encodeFields(vals: { value: A.Expr; type: Type; span: A.Span }[], out: Stmt[], prefix: number): { ptr: number; size: number } {
    const reprs = vals.map((v) => this.repr(v.type, v.span));
    const size = prefix + sizeOfFields(reprs);
    const ptr = this.tmp("i32", "buf");
    // Evaluate values before allocating, in source order, into temporaries.
    const temps = vals.map((v, i) => {
      const ty = valTy(reprs[i]!)!;
      const l = this.tmp(ty, "v");
      out.push({ k: "set", local: l, value: this.expr(v.value) });
      return l;
    });
    out.push({ k: "set", local: ptr, value: { k: "alloc", size: i32(size) } });
    let off = prefix;
    temps.forEach((l, i) => {
      out.push(...encodeStmts({ k: "get", local: ptr }, off, { k: "get", local: l }, reprs[i]!));
      off += reprs[i]!.kind === "unit" ? 0 : (reprs[i] as { size: number }).size;
    });
    return { ptr, size };
  }

  private revertWith(reason: A.Expr): Stmt[] {
    if (reason.kind === "StringLit") return revertError(this, new TextEncoder().encode(reason.value));
    let decl: A.ErrorDecl | undefined;
    let inits: A.FieldInit[] = [];
    if (reason.kind === "StructLit") {
      const ref = this.cx.program.resolved.structPaths.get(reason.path);
      if (ref && (ref.kind === "item" || ref.kind === "member") && ref.sym.kind === "error") decl = ref.sym.decl as A.ErrorDecl;
      inits = reason.fields;
    } else if (reason.kind === "PathExpr") {
      const ref = this.cx.program.resolved.values.get(reason);
      if (ref && (ref.kind === "item" || ref.kind === "member") && ref.sym.kind === "error") decl = ref.sym.decl as A.ErrorDecl;
    }
    if (!decl) throw new Unsupported("this revert reason", reason.span);
    const types = decl.fields.map((f) => this.fieldType(f));
    const sel = selector(signature(decl.name.text, types.map((t, i) => abiTypeOrThrow(t, decl!.fields[i]!.span))));
    const out: Stmt[] = [];
    const fields = this.fieldsInOrder(decl.fields, inits);
    const buf = this.encodeFields(fields.map((f, i) => ({ value: f.value.value, type: types[i]!, span: f.decl.span })), out, 4);
    out.push({ k: "copy", dst: { k: "get", local: buf.ptr }, src: { k: "data", bytes: sel }, len: i32(4) });
    out.push({ k: "revert", ptr: { k: "get", local: buf.ptr }, len: i32(buf.size) });
    return out;
  }

  // ── storage places ──────────────────────────────────────────────────────────────────────
  storagePlace(e: A.Expr): { key: StorageKey; repr: Repr } | undefined {
    if (e.kind === "FieldExpr" && e.target.kind === "SelfExpr") {
      const f = this.view?.storage.get(e.field.text);
      const slot = f && this.cx.slots.get(f.decl);
      if (!slot) return undefined;
      return { key: { prefix: slot.key, parts: [] }, repr: this.storedRepr(slot.type, e.span) };
    }
    if (e.kind === "IndexExpr") {
      const mt = this.typeOf(e.target);
      if (mt.kind !== "map") return undefined;
      const inner = this.storagePlace(e.target);
      if (!inner) return undefined;
      const kr = this.repr(prune(mt.key), e.index.span);
      return { key: { prefix: inner.key.prefix, parts: [...inner.key.parts, { value: this.expr(e.index), repr: kr }] }, repr: this.storedRepr(prune(mt.value), e.span) };
    }
    return undefined;
  }

  /** A map's own repr is a placeholder (maps are never read whole); values need a real one. */
  private storedRepr(t: Type, span: A.Span): Repr {
    return t.kind === "map" ? { kind: "unit" } : this.repr(t, span);
  }

  // ── expressions ─────────────────────────────────────────────────────────────────────────
  expr(e: A.Expr): Expr {
    const t = this.typeOf(e);
    switch (e.kind) {
      case "IntLit":
        return intConst(this.repr(t, e.span), e.value);
      case "BoolLit":
        return i32(e.value ? 1 : 0);
      case "BytesLit":
        if (t.kind === "bytes32") return { k: "data", bytes: Uint8Array.from(Buffer.from(e.hex, "hex")) };
        throw new Unsupported("`bytes` values", e.span);
      case "PathExpr":
        return this.path(e, t);
      case "FieldExpr":
        return this.field(e);
      case "IndexExpr": {
        const place = this.storagePlace(e);
        if (!place) throw new Unsupported("indexing this value", e.span);
        return { k: "sload", key: place.key, repr: place.repr };
      }
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
      if (idx === undefined) throw new Unsupported("this variable", e.span);
      return { k: "get", local: idx };
    }
    if ((ref?.kind === "item" || ref?.kind === "member") && ref.sym.kind === "const") {
      const v = constValue(ref.sym.decl.value);
      if (v === undefined) throw new Unsupported("this constant", e.span);
      if (typeof v === "boolean") return i32(v ? 1 : 0);
      return intConst(this.repr(t, e.span), v);
    }
    throw new Unsupported("this name as a value", e.span);
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
      if (place) return { k: "sload", key: place.key, repr: place.repr };
    }
    throw new Unsupported("this field access", e.span);
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
        return { k: "cmp", op: ops[op], repr: this.repr(lt, span), a: l, b: r() };
      }
      case "&": case "|": case "^": {
        const ops = { "&": "and", "|": "or", "^": "xor" } as const;
        return { k: "bits", op: ops[op], repr: this.repr(lt, span), a: l, b: r() };
      }
      case "<<": case ">>":
        return this.shift(op, this.intOf(lt, span), l, r(), this.repr(rt, span), span);
    }
  }

  /** Shifts by an amount ≥ the width give 0 (or the sign for `>>` of a negative value). */
  private shift(op: "<<" | ">>", int: IntKind, x: Expr, amt: Expr, amtRepr: Repr, span: A.Span): Expr {
    if (int.bits > 64 || amtRepr.kind !== "scalar") throw new Unsupported("shifts of 128/256-bit integers or by them", span);
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

  // ── calls ───────────────────────────────────────────────────────────────────────────────
  /** A call; undefined result type means it returns nothing (the Expr still runs). */
  call(e: A.CallExpr | A.MethodCallExpr): Expr | undefined {
    const target = this.cx.program.calls.get(e);
    if (!target) throw new Unsupported("this call", e.span);
    switch (target.kind) {
      case "free":
        return { k: "call", fn: fnNameFor(this.cx, target.decl, "free"), args: e.args.map((a) => this.expr(a)) };
      case "self":
        return { k: "call", fn: fnNameFor(this.cx, target.fn.decl, target.fn.owner), args: e.args.map((a) => this.expr(a)) };
      case "builtin":
        return this.builtin(target.name, e);
      case "method":
        return this.method(e as A.MethodCallExpr, target.name);
      default:
        throw new Unsupported(`${target.kind} calls`, e.span);
    }
  }

  private builtin(name: string, e: A.CallExpr | A.MethodCallExpr): Expr {
    const args = e.args.map((a) => this.expr(a));
    switch (name) {
      case "gas.left":
        return { k: "host", name: "gas_left", args: [] };
      case "balance": {
        const p = this.tmp("i32", "bal");
        return { k: "seq", body: [{ k: "set", local: p, value: { k: "alloc", size: i32(32) } }, { k: "do", e: { k: "host", name: "balance_of", args: [args[0]!, { k: "get", local: p }] } }], value: { k: "get", local: p } };
      }
      case "transfer":
        return { k: "seq", body: [{ k: "if", cond: { k: "host", name: "transfer", args }, then: revertError(this, new TextEncoder().encode("silk: transfer failed")), else: [] }], value: i32(0) };
      case "sha256": case "keccak256": case "blake3": {
        const at = this.typeOf(e.args[0]!);
        if (at.kind !== "bytes32") throw new Unsupported(`${name} of ${describe(at)}`, e.span);
        const p = this.tmp("i32", "h");
        return { k: "seq", body: [{ k: "set", local: p, value: { k: "alloc", size: i32(32) } }, { k: "do", e: { k: "host", name, args: [args[0]!, i32(32), { k: "get", local: p }] } }], value: { k: "get", local: p } };
      }
      default:
        throw new Unsupported(`the built-in \`${name}\``, e.span);
    }
  }

  private method(e: A.MethodCallExpr, name: string): Expr {
    throw new Unsupported(`the method \`${name}\``, e.span);
  }
}

export { errorData, i64 };

function normalize(v: Expr, int: IntKind): Expr {
  if (int.bits >= 32) return v;
  if (!int.signed) return { k: "raw", op: "and", ty: "i32", a: v, b: i32((1 << int.bits) - 1) };
  const sh = i32(32 - int.bits);
  return { k: "raw", op: "shr_s", ty: "i32", a: { k: "raw", op: "shl", ty: "i32", a: v, b: sh }, b: sh };
}

export function describe(t: Type): string {
  t = prune(t);
  switch (t.kind) {
    case "int": return `${t.signed ? "i" : "u"}${t.bits}`;
    case "struct": case "enum": case "interface": return t.name;
    default: return t.kind;
  }
}

export function abiTypeOrThrow(t: Type, span: A.Span) {
  const a = abiTypeOf(t);
  if (!a) throw new Unsupported(`the ABI type of ${describe(t)}`, span);
  return a;
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

export type { IntType };
