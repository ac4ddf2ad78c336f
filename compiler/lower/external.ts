// Lowering of what crosses the contract boundary in its ABI encoding: events, revert errors,
// and calls to other contracts (with the strict decoding of their return data).

import type * as A from "../ast/ast.js";
import { prune, type Type } from "../check/types.js";
import type { Expr, Repr, Stmt } from "./ast.js";
import { Unsupported } from "./context.js";
import { decodeExpr, encodedSize, encodeStmts, isVariable, i32, revertError, sizeOfFields, storeSlot, taggedSize } from "./encode.js";
import { fixedSize, isSimple, valTy } from "./repr.js";
import { eventTopic, selector } from "../../stdlib/abi/selector.js";
import { signature } from "../../stdlib/abi/types.js";
import { abiTypeOrThrow } from "./base.js";
import { ExprLowerer } from "./expr.js";

export const MSG_BAD_RETURN = "silk: bad return data";

export abstract class ExternalLowerer extends ExprLowerer {
  // ── events and errors ───────────────────────────────────────────────────────────────────
  private fieldsInOrder(decls: A.FieldDecl[], inits: A.FieldInit[]): { decl: A.FieldDecl; value: A.FieldInit }[] {
    return decls.map((d) => ({ decl: d, value: inits.find((f) => f.name.text === d.name.text)! }));
  }

  private fieldType(d: A.FieldDecl): Type {
    const t = this.cx.program.typeExprs.get(d.type);
    if (!t) throw new Unsupported("this field type", d.span);
    return prune(t);
  }

  protected emit(s: A.EmitStmt): Stmt[] {
    const ref = this.cx.program.resolved.structPaths.get(s.event);
    const decl = ref && (ref.kind === "item" || ref.kind === "member") && ref.sym.kind === "event" ? ref.sym.decl as A.EventDecl : undefined;
    if (!decl) throw new Unsupported("this event", s.span);
    this.cx.used.add(decl);
    const fields = this.fieldsInOrder(decl.fields, s.fields);
    const types = decl.fields.map((f) => this.fieldType(f));
    const sig = signature(decl.name.text, types.map((t, i) => abiTypeOrThrow(t, decl.fields[i]!.span, this.structFields)));
    const indexed = fields.filter((f) => f.decl.attributes.some((a) => a.name.text === "indexed"));
    const plain = fields.filter((f) => !indexed.includes(f));
    const out: Stmt[] = [];
    const topics = this.tmp("i32", "topics");
    out.push({ k: "set", local: topics, value: { k: "alloc", size: i32(32 * (1 + indexed.length)) } });
    out.push({ k: "copy", dst: { k: "get", local: topics }, src: { k: "data", bytes: eventTopic(sig) }, len: i32(32) });
    indexed.forEach((f, n) => {
      const t = this.fieldType(f.decl);
      const r = this.repr(t, f.decl.span);
      const topic: Expr = { k: "raw", op: "add", ty: "i32", a: { k: "get", local: topics }, b: i32(32 * (n + 1)) };
      // Word types (stdlib/abi isWordType: bool, integers, address, bytes32) are their own topic;
      // anything else — a unit-only enum too — is hashed.
      if (!(t.kind === "bool" || t.kind === "int" || t.kind === "address" || t.kind === "bytes32" || t.kind === "interface")) {
        // Any other type: sha256 of its canonical encoding.
        const enc = this.encodeFields([{ value: f.value.value, type: t, span: f.decl.span }], out, 0);
        out.push({ k: "do", e: { k: "host", name: "sha256", args: [{ k: "get", local: enc.ptr }, enc.size, topic] } });
        return;
      }
      // Word types: canonical encoding left-aligned in a zeroed 32-byte topic.
      out.push(...encodeStmts({ k: "get", local: topics }, 32 * (n + 1), this.expr(f.value.value), r));
    });
    const data = this.encodeFields(plain.map((f) => ({ value: f.value.value, type: this.fieldType(f.decl), span: f.decl.span })), out, 0);
    out.push({ k: "do", e: { k: "host", name: "emit", args: [{ k: "get", local: topics }, i32(1 + indexed.length), { k: "get", local: data.ptr }, data.size] } });
    return out;
  }

  /** Encodes values into a fresh buffer after `prefix` bytes; returns its local and total size. */
  encodeFields(vals: { value: A.Expr; type: Type; span: A.Span }[], out: Stmt[], prefix: number): { ptr: number; size: Expr } {
    const reprs = vals.map((v) => this.abiRepr(v.type, v.span));
    const ptr = this.tmp("i32", "buf");
    // Evaluate values before allocating, in source order, into temporaries.
    const temps = vals.map((v, i) => {
      const ty = valTy(reprs[i]!);
      if (!ty) {
        out.push(...this.effect(v.value));
        return -1;
      }
      const l = this.tmp(ty, "v");
      out.push({ k: "set", local: l, value: this.expr(v.value) });
      return l;
    });
    let size: Expr = i32(prefix + sizeOfFields(reprs));
    temps.forEach((l, i) => {
      if (isVariable(reprs[i]!)) size = { k: "raw", op: "add", ty: "i32", a: size, b: this.encSize({ k: "get", local: l }, vals[i]!.type, vals[i]!.span) };
    });
    const len = this.tmp("i32", "len");
    const at = this.tmp("i32", "at");
    out.push({ k: "set", local: len, value: size }, { k: "set", local: ptr, value: { k: "alloc", size: { k: "get", local: len } } });
    out.push({ k: "set", local: at, value: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: ptr }, b: i32(prefix) } });
    temps.forEach((l, i) => {
      if (l < 0) return;
      const v: Expr = { k: "get", local: l };
      if (!isSimple(reprs[i]!)) {
        out.push({ k: "set", local: at, value: this.encInto({ k: "get", local: at }, v, vals[i]!.type, vals[i]!.span) });
        return;
      }
      out.push(...encodeStmts({ k: "get", local: at }, 0, v, reprs[i]!));
      out.push({ k: "set", local: at, value: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: at }, b: encodedSize(v, reprs[i]!) } });
    });
    return { ptr, size: { k: "get", local: len } };
  }

  protected revertWith(reason: A.Expr): Stmt[] {
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
    this.cx.used.add(decl);
    const types = decl.fields.map((f) => this.fieldType(f));
    const sel = selector(signature(decl.name.text, types.map((t, i) => abiTypeOrThrow(t, decl!.fields[i]!.span, this.structFields))));
    const out: Stmt[] = [];
    const fields = this.fieldsInOrder(decl.fields, inits);
    const buf = this.encodeFields(fields.map((f, i) => ({ value: f.value.value, type: types[i]!, span: f.decl.span })), out, 4);
    out.push({ k: "copy", dst: { k: "get", local: buf.ptr }, src: { k: "data", bytes: sel }, len: i32(4) });
    out.push({ k: "revert", ptr: { k: "get", local: buf.ptr }, len: buf.size });
    return out;
  }

  // ── external calls ──────────────────────────────────────────────────────────────────────
  /**
   * `I(addr).f(args) with { gas, value }`: the callee's selector ‖ the arguments' encoding, host
   * `call`; a plain call reverts with the callee's revert data on failure, `try` gives
   * `Result<T, CallError>` (Err carries the status: 1 reverted, 2 failed or bad return data).
   */
  protected external(e: A.MethodCallExpr, target: { fn: A.FnDecl; gas?: A.Expr; value?: A.Expr; isTry: boolean }): Expr | undefined {
    const fn = target.fn;
    const ptypes = fn.params.map((p) => {
      const t = this.cx.program.typeExprs.get(p.type);
      if (!t) throw new Unsupported("this parameter type", p.span);
      return prune(t);
    });
    const sel = selector(signature(fn.name.text, ptypes.map((t, i) => abiTypeOrThrow(t, fn.params[i]!.span, this.structFields))));
    const ret: Type = fn.returnType ? prune(this.cx.program.typeExprs.get(fn.returnType)!) : { kind: "tuple", elems: [] };
    const rr = this.abiRepr(ret, e.span);
    const out: Stmt[] = [];
    const addr = this.tmp("i32", "callee");
    out.push({ k: "set", local: addr, value: this.expr(e.receiver) });
    const buf = this.encodeFields(e.args.map((a, i) => ({ value: a, type: ptypes[i]!, span: a.span })), out, 4);
    out.push({ k: "copy", dst: { k: "get", local: buf.ptr }, src: { k: "data", bytes: sel }, len: i32(4) });
    const val = this.tmp("i32", "value");
    out.push({ k: "set", local: val, value: target.value ? this.expr(target.value) : { k: "alloc", size: i32(32) } });
    const gas = this.tmp("i64", "gas");
    out.push({ k: "set", local: gas, value: target.gas ? this.expr(target.gas) : { k: "host", name: "gas_left", args: [] } });
    const status = this.tmp("i32", "status");
    out.push({ k: "set", local: status, value: { k: "host", name: "call", args: [{ k: "get", local: addr }, { k: "get", local: buf.ptr }, buf.size, { k: "get", local: val }, { k: "get", local: gas }] } });
    // The return data (ok) or revert data, read whole.
    const rlen = this.tmp("i32", "rlen"), rbuf = this.tmp("i32", "rbuf");
    const G = (l: number): Expr => ({ k: "get", local: l });
    out.push(
      { k: "set", local: rlen, value: { k: "host", name: "returndata_size", args: [] } },
      { k: "set", local: rbuf, value: { k: "alloc", size: G(rlen) } },
      { k: "do", e: { k: "host", name: "returndata_read", args: [G(rbuf), i32(0), G(rlen)] } },
    );
    const rty = valTy(rr);
    const rv = rty ? this.tmp(rty, "ret") : -1;
    const n = this.labelSeq++;
    const dec = `dec${n}`;
    const badPlain = () => revertError(this, new TextEncoder().encode(MSG_BAD_RETURN));
    const badTry = (): Stmt[] => [{ k: "set", local: status, value: i32(2) }, { k: "br", label: dec }];
    const decode = this.decodeWhole(G(rbuf), G(rlen), ret, rr, rv, target.isTry ? badTry : badPlain, e.span);
    if (!target.isTry) {
      out.push({ k: "if", cond: G(status), then: [{ k: "revert", ptr: G(rbuf), len: G(rlen) }], else: [] }, ...decode);
      return { k: "seq", body: out, value: rty ? G(rv) : i32(0) };
    }
    // try: Result<T, CallError> = tag ‖ max(T, 1 status byte).
    const resT: Type = { kind: "result", ok: ret, err: { kind: "callError" } };
    const r = this.repr(resT, e.span);
    const p = this.tmp("i32", "res");
    out.push(
      { k: "block", label: dec, body: [{ k: "if", cond: G(status), then: [{ k: "br", label: dec }], else: [] }, ...decode] },
      { k: "set", local: p, value: { k: "alloc", size: i32(fixedSize(r)) } },
      { k: "if", cond: G(status), then: [
        { k: "store", width: 1, ty: "i32", ptr: G(p), offset: 0, value: i32(1) },
        { k: "store", width: 1, ty: "i32", ptr: G(p), offset: 1, value: { k: "ifx", ty: "i32", cond: { k: "raw", op: "eq", ty: "i32", a: G(status), b: i32(1) }, then: i32(1), else: i32(2) } },
      ], else: rty ? storeSlot(G(p), 1, G(rv), rr) : [] },
    );
    return { k: "seq", body: out, value: G(p) };
  }

  /**
   * Strictly decodes one value that must fill `len` bytes at `ptr` into local `dst` (-1 for unit),
   * running `bad` when the bytes are no valid encoding.
   */
  private decodeWhole(ptr: Expr, len: Expr, t: Type, r: Repr, dst: number, bad: () => Stmt[], span: A.Span): Stmt[] {
    const ne = (a: Expr, b: Expr): Expr => ({ k: "raw", op: "ne", ty: "i32", a, b });
    if (r.kind === "unit") return [{ k: "if", cond: len, then: bad(), else: [] }];
    if (!isSimple(r)) {
      // The generated decoder must end exactly at the end of the data.
      const p = this.tmp("i32", "at"), end = this.tmp("i32", "end"), slot = this.tmp("i32", "slot");
      return [
        { k: "set", local: p, value: ptr },
        { k: "set", local: end, value: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: p }, b: len } },
        { k: "set", local: slot, value: { k: "alloc", size: i32(fixedSize(r)) } },
        { k: "if", cond: ne(this.decInto({ k: "get", local: p }, { k: "get", local: end }, { k: "get", local: slot }, t, span), { k: "get", local: end }), then: bad(), else: [] },
        { k: "set", local: dst, value: decodeExpr({ k: "get", local: slot }, 0, r) },
      ];
    }
    if (r.kind === "scalar" || (r.kind === "mem" && !r.tags)) {
      return [
        { k: "if", cond: ne(len, i32(r.size)), then: bad(), else: [] },
        { k: "set", local: dst, value: decodeExpr(ptr, 0, r) },
        ...this.validateBools({ k: "get", local: dst }, t, r, bad, span),
      ];
    }
    if (r.kind === "mem") {
      const tag: Expr = { k: "load", ty: "i32", width: 1, signed: false, ptr, offset: 0 };
      return [
        { k: "if", cond: { k: "eqz", ty: "i32", a: len }, then: bad(), else: [] },
        { k: "if", cond: { k: "raw", op: "ge_u", ty: "i32", a: tag, b: i32(r.tags!.length) }, then: bad(), else: [] },
        { k: "if", cond: ne(len, taggedSize(tag, r.tags!)), then: bad(), else: [] },
        { k: "set", local: dst, value: { k: "alloc", size: i32(r.size) } },
        { k: "copy", dst: { k: "get", local: dst }, src: ptr, len },
        ...this.validateBools({ k: "get", local: dst }, t, r, bad, span),
      ];
    }
    // bytes / string: u32 count ‖ items filling the rest exactly.
    if (r.kind !== "dyn") throw new Error("decodeWhole: a Vec is decoded by codec.ts");
    const n: Expr = { k: "load", ty: "i32", width: 4, signed: false, ptr, offset: 0 };
    const body: Stmt[] = [
      { k: "if", cond: { k: "raw", op: "lt_u", ty: "i32", a: len, b: i32(4) }, then: bad(), else: [] },
      { k: "if", cond: ne({ k: "raw", op: "sub", ty: "i32", a: len, b: i32(4) }, r.unit === 1 ? n : { k: "raw", op: "mul", ty: "i32", a: n, b: i32(r.unit) }), then: bad(), else: [] },
    ];
    if (r.unit > 1) body.push({ k: "if", cond: { k: "raw", op: "gt_u", ty: "i32", a: n, b: { k: "raw", op: "div_u", ty: "i32", a: len, b: i32(r.unit) } }, then: bad(), else: [] });
    const items: Expr = { k: "raw", op: "add", ty: "i32", a: ptr, b: i32(4) };
    if (r.str) body.push({ k: "if", cond: { k: "eqz", ty: "i32", a: { k: "utf8", ptr: items, len: n } }, then: bad(), else: [] });
    if (t.kind === "vec") body.push(...this.validateItems(items, n, prune(t.elem), r.unit, bad, span));
    body.push({ k: "set", local: dst, value: ptr });
    return body;
  }
}
