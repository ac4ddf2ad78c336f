// Lowering of calls: functions, variants, built-ins and methods.

import type * as A from "../ast/ast.js";
import { prune, type Type } from "../check/types.js";
import type { CheckedOp, Expr, IntOp, Stmt } from "./ast.js";
import { fnNameFor, Unsupported } from "./context.js";
import { decodeExpr, i32, revertError, storeSlot } from "./encode.js";
import { fixedSize, valTy } from "./repr.js";
import { describe, U32_REPR } from "./base.js";
import { ExternalLowerer } from "./external.js";

export abstract class CallLowerer extends ExternalLowerer {
  // ── calls ───────────────────────────────────────────────────────────────────────────────
  /** A call; undefined result type means it returns nothing (the Expr still runs). */
  override call(e: A.CallExpr | A.MethodCallExpr): Expr | undefined {
    const target = this.cx.program.calls.get(e);
    if (!target) throw new Unsupported("this call", e.span);
    switch (target.kind) {
      case "free":
        return this.callFn(fnNameFor(this.cx, target.decl, "free"), e.args);
      case "self":
        return this.callFn(fnNameFor(this.cx, target.fn.decl, target.fn.owner), e.args);
      case "builtin":
        return this.builtin(target.name, e);
      case "variant":
        if (target.variant.kind === "option" && target.variant.name === "Some") {
          const t = this.typeOf(e);
          const r = this.repr(t, e.span);
          const ir = this.repr(prune((t as { kind: "option"; inner: Type }).inner), e.span);
          const p = this.tmp("i32", "opt");
          const x = valTy(ir) && this.tmp(valTy(ir)!, "x");
          const body: Stmt[] = x !== undefined ? [{ k: "set", local: x, value: this.expr(e.args[0]!) }] : this.effect(e.args[0]!);
          body.push({ k: "set", local: p, value: { k: "alloc", size: i32(fixedSize(r)) } }, { k: "store", width: 1, ty: "i32", ptr: { k: "get", local: p }, offset: 0, value: i32(1) });
          if (x !== undefined) body.push(...storeSlot({ k: "get", local: p }, 1, { k: "get", local: x }, ir));
          return { k: "seq", body, value: { k: "get", local: p } };
        }
        if (target.variant.kind === "result" || target.variant.kind === "enum") {
          return this.makeVariant(this.typeOf(e), this.tagOf(target.variant), e.args, e.span);
        }
        throw new Unsupported("this variant", e.span);
      case "interfaceCast":
        return this.expr(e.args[0]!);
      case "external":
        return this.external(e as A.MethodCallExpr, target);
      case "method":
        return this.method(e as A.MethodCallExpr, target.name);
      default:
        throw new Unsupported(`${(target as { kind: string }).kind} calls`, e.span);
    }
  }

  /** A call of a lowered function: unit-typed arguments are evaluated for effect, not passed. */
  private callFn(fn: string, args: A.Expr[]): Expr {
    const units = args.map((a) => this.repr(this.typeOf(a), a.span).kind === "unit");
    if (!units.some((u) => u)) return { k: "call", fn, args: args.map((a) => this.expr(a)) };
    const body: Stmt[] = [];
    const vals: Expr[] = [];
    args.forEach((a, i) => {
      if (units[i]) return void body.push(...this.effect(a));
      const l = this.tmp(this.valTyOf(this.typeOf(a), a.span)!, "arg");
      body.push({ k: "set", local: l, value: this.expr(a) });
      vals.push({ k: "get", local: l });
    });
    return { k: "seq", body, value: { k: "call", fn, args: vals } };
  }

  private builtin(name: string, e: A.CallExpr | A.MethodCallExpr): Expr {
    if (name === "abi_encode") {
      // The arguments' canonical encodings, concatenated, as a `bytes` value: the encoding of
      // the arguments as a tuple, behind its u32 length.
      const out: Stmt[] = [];
      const buf = this.encodeFields(e.args.map((a) => ({ value: a, type: this.typeOf(a), span: a.span })), out, 4);
      out.push({ k: "store", width: 4, ty: "i32", ptr: { k: "get", local: buf.ptr }, offset: 0, value: { k: "raw", op: "sub", ty: "i32", a: buf.size, b: i32(4) } });
      return { k: "seq", body: out, value: { k: "get", local: buf.ptr } };
    }
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
        const p = this.tmp("i32", "h");
        const alloc: Stmt = { k: "set", local: p, value: { k: "alloc", size: i32(32) } };
        if (at.kind === "bytes" || at.kind === "string") {
          const b = this.tmp("i32", "b");
          const B: Expr = { k: "get", local: b };
          return { k: "seq", body: [{ k: "set", local: b, value: args[0]! }, alloc, { k: "do", e: { k: "host", name, args: [
            { k: "raw", op: "add", ty: "i32", a: B, b: i32(4) }, { k: "load", ty: "i32", width: 4, signed: false, ptr: B, offset: 0 }, { k: "get", local: p }] } }], value: { k: "get", local: p } };
        }
        if (at.kind !== "bytes32") throw new Unsupported(`${name} of ${describe(at)}`, e.span);
        return { k: "seq", body: [alloc, { k: "do", e: { k: "host", name, args: [args[0]!, i32(32), { k: "get", local: p }] } }], value: { k: "get", local: p } };
      }
      case "ed25519_verify": {
        // ed25519_verify(pubkey: bytes32, message, signature) → bool under the host's pinned
        // rule; a signature that is not exactly 64 bytes is simply not valid (no host call).
        const pk = this.tmp("i32", "pk");
        const msg = this.byteSlice(e.args[1]!, args[1]!);
        const sig = this.byteSlice(e.args[2]!, args[2]!);
        return { k: "seq", body: [{ k: "set", local: pk, value: args[0]! }, ...msg.setup, ...sig.setup], value: {
          k: "ifx", ty: "i32",
          cond: { k: "raw", op: "eq", ty: "i32", a: sig.len, b: i32(64) },
          then: { k: "host", name: "ed25519_verify", args: [{ k: "get", local: pk }, msg.ptr, msg.len, sig.ptr] },
          else: i32(0),
        } };
      }
      default:
        throw new Unsupported(`the built-in \`${name}\``, e.span);
    }
  }

  /** The bytes of a `bytes`/`string` (u32 length + data) or `bytes32` value, as pointer and length. */
  private byteSlice(src: A.Expr, value: Expr): { setup: Stmt[]; ptr: Expr; len: Expr } {
    const t = this.typeOf(src);
    const v = this.tmp("i32", "bs");
    const V: Expr = { k: "get", local: v };
    const setup: Stmt[] = [{ k: "set", local: v, value }];
    if (t.kind === "bytes32") return { setup, ptr: V, len: i32(32) };
    if (t.kind === "bytes" || t.kind === "string") {
      return { setup, ptr: { k: "raw", op: "add", ty: "i32", a: V, b: i32(4) }, len: { k: "load", ty: "i32", width: 4, signed: false, ptr: V, offset: 0 } };
    }
    throw new Unsupported(`a byte string of type ${describe(t)}`, src.span);
  }

  private method(e: A.MethodCallExpr, name: string): Expr {
    const rt = this.typeOf(e.receiver);
    if ((name === "contains" || name === "remove") && rt.kind === "map") {
      // The entry's storage key, as for `m[k]`. A `Vec` value is stored whole under that key, so
      // removing it empties it; a nested map's entries live under longer keys, and the checker
      // refuses `remove` of such an entry (E0338).
      const vt = prune(rt.value);
      if (name === "remove" && vt.kind === "map") throw new Unsupported(`\`remove\` of a ${describe(vt)} entry`, e.span);
      const place = this.storagePlace({ kind: "IndexExpr", target: e.receiver, index: e.args[0]!, span: e.span });
      if (!place) throw new Unsupported(`\`${name}\` on this map`, e.span);
      if (name === "contains") return { k: "shas", key: place.key };
      return { k: "seq", body: [{ k: "sremove", key: place.key }], value: i32(0) };
    }
    if (rt.kind === "int") {
      const int = this.intOf(rt, e.span);
      if (/^(wrapping|saturating)_(add|sub|mul)$/.test(name)) {
        return { k: "intop", op: name as IntOp, int, a: this.expr(e.receiver), b: this.expr(e.args[0]!) };
      }
      const m = /^checked_(add|sub|mul|div)$/.exec(name);
      if (m) {
        // Option<T>: tag byte ‖ T; the tag is the runtime's ok flag, the value written only when ok.
        const r = this.repr(rt, e.span);
        const p = this.tmp("i32", "opt");
        const a = this.tmp(valTy(r)!, "a"), b = this.tmp(valTy(r)!, "b");
        return { k: "seq", body: [
          { k: "set", local: a, value: this.expr(e.receiver) },
          { k: "set", local: b, value: this.expr(e.args[0]!) },
          { k: "set", local: p, value: { k: "alloc", size: i32(1 + fixedSize(r)) } },
          { k: "store", width: 1, ty: "i32", ptr: { k: "get", local: p }, offset: 0, value: { k: "checked", op: m[1] as CheckedOp, int,
            dst: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: p }, b: i32(1) }, a: { k: "get", local: a }, b: { k: "get", local: b } } },
        ], value: { k: "get", local: p } };
      }
    }
    if (name === "len") {
      if (rt.kind === "array") return { k: "seq", body: this.effect(e.receiver), value: i32(rt.len) };
      if (rt.kind === "bytes" || rt.kind === "string" || rt.kind === "vec") {
        const sv = this.storageVec(e.receiver);
        if (sv) return { k: "sload", key: sv.lenKey, repr: U32_REPR };
        return { k: "load", ty: "i32", width: 4, signed: false, ptr: this.expr(e.receiver), offset: 0 };
      }
    }
    if (rt.kind === "vec" && (name === "push" || name === "pop")) {
      const sv = this.storageVec(e.receiver);
      return sv ? this.storageVecOp(e, name, sv) : this.vecOp(e, name, rt);
    }
    if (rt.kind === "option") {
      const tag = (p: Expr): Expr => ({ k: "load", ty: "i32", width: 1, signed: false, ptr: p, offset: 0 });
      if (name === "is_some") return tag(this.expr(e.receiver));
      if (name === "is_none") return { k: "eqz", ty: "i32", a: tag(this.expr(e.receiver)) };
      if (name === "unwrap_or") {
        const ir = this.repr(prune(rt.inner), e.span);
        const ty = valTy(ir);
        // Option<()>: the result is unit; only the operands' effects remain.
        if (!ty) return { k: "seq", body: [...this.effect(e.receiver), ...this.effect(e.args[0]!)], value: i32(0) };
        const p = this.tmp("i32", "opt"), d = this.tmp(ty, "dflt");
        return { k: "seq", body: [{ k: "set", local: p, value: this.expr(e.receiver) }, { k: "set", local: d, value: this.expr(e.args[0]!) }],
          value: { k: "ifx", ty, cond: tag({ k: "get", local: p }), then: decodeExpr({ k: "get", local: p }, 1, ir), else: { k: "get", local: d } } };
      }
    }
    if (rt.kind === "result" && (name === "is_ok" || name === "is_err")) {
      const tag: Expr = { k: "load", ty: "i32", width: 1, signed: false, ptr: this.expr(e.receiver), offset: 0 };
      return name === "is_err" ? tag : { k: "eqz", ty: "i32", a: tag };
    }
    throw new Unsupported(`the method \`${name}\``, e.span);
  }
}
