// TypedProgram → IR for one contract: every function reachable from its entry points and inits,
// plus the two exports the VM calls (docs/host.md "Calling convention"):
// - `call`: reads the input, dispatches on the 4-byte selector, refuses attached value unless
//   the entry point is `payable`, decodes the arguments strictly, runs the function, encodes the
//   result and returns it;
// - `init`: the same without a selector, running composed inits in order, then the contract's.
// Bad input reverts with `Error(string)` data whose messages are fixed (docs/abi.md "Entry points").

import type * as A from "../ast/ast.js";
import type { TypedProgram, TypedContract } from "../check/ast.js";
import { prune } from "../check/types.js";
import type { SelfView } from "../resolve/ast.js";
import { selector } from "../../stdlib/abi/selector.js";
import { signature } from "../../stdlib/abi/types.js";
import type { Expr, Func, Program, Repr, Stmt } from "./ast.js";
import { abiTypeOrThrow, FnLowerer } from "./body.js";
import { fnNameFor, type LowerContext } from "./context.js";
import { decodeExpr, encodedSize, encodeStmts, i32, isVariable, revertError, sizeOfFields, taggedSize } from "./encode.js";
import { storageLayout } from "./layout.js";
import { fixedSize, isSimple, structFieldsOf, valTy } from "./repr.js";

export const MSG_UNKNOWN_SELECTOR = "silk: unknown selector";
export const MSG_BAD_INPUT = "silk: bad input";
export const MSG_NOT_PAYABLE = "silk: not payable";

const utf8 = (s: string) => new TextEncoder().encode(s);

export interface EntryInfo {
  decl: A.FnDecl;
  owner: string;
  selector: Uint8Array;
  signature: string;
}

export function entrySignature(program: TypedProgram, decl: A.FnDecl): string {
  const fields = structFieldsOf(program.typeExprs);
  return signature(decl.name.text, decl.params.map((p) => abiTypeOrThrow(prune(program.localTypes.get(program.resolved.locals.get(p)!)!), p.span, fields)));
}

/**
 * Extra arms of the `call` dispatch, after the entry points'. Only test builds pass one
 * (compiler/lower/invariants.ts); it is set up before the queue drains, so that functions only
 * its bodies call are lowered too.
 */
export type ExtraArms = (cx: LowerContext) => (fx: FnLowerer, len: number, buf: number) => { selector: Uint8Array; arm: Stmt[] }[];

export function lowerContract(program: TypedProgram, contract: TypedContract, extraArms?: ExtraArms): Program {
  const slots = new Map(storageLayout(contract).map((s, i) => [contract.storage[i]!.decl, s]));
  const cx: LowerContext = { program, contract, slots, funcs: [], fnNames: new Map(), queue: [], used: new Set() };
  const info = contract.info;

  const entries: EntryInfo[] = info.entryPoints.map((f) => {
    const sig = entrySignature(program, f.decl);
    return { decl: f.decl, owner: f.owner, selector: selector(sig), signature: sig };
  });
  for (const f of info.entryPoints) fnNameFor(cx, f.decl, f.owner);

  // Inits: each body is a function; the contract's own init takes the deploy arguments.
  const initNames: { name: string; decl: A.InitDecl }[] = [];
  info.inits.forEach((init, i) => {
    const fx = new FnLowerer(cx, init.view);
    for (const p of init.decl.params) fx.param(p);
    const name = `${init.owner}.init${i ? `#${i}` : ""}`;
    cx.funcs.push(fx.finish(name, undefined, fx.block(init.decl.body)));
    initNames.push({ name, decl: init.decl });
  });

  const extra = extraArms?.(cx);

  // Functions reachable from entry points and inits, lowered on first use.
  const views = new Map<A.FnDecl, SelfView | undefined>();
  for (const f of [...info.entryPoints, ...info.internalFns]) views.set(f.decl, f.view);
  while (cx.queue.length) {
    const { decl, name } = cx.queue.shift()!;
    cx.funcs.push(lowerFn(cx, decl, name, views.get(decl)));
  }

  cx.funcs.push(callExport(cx, entries, extra));
  if (initNames.length) cx.funcs.push(initExport(cx, initNames));
  const reentrant = entries.filter((e) => e.decl.attributes.some((a) => a.name.text === "reentrant")).map((e) => e.selector);
  return { contract: info.sym.name, funcs: cx.funcs, reentrant, used: [...cx.used] };
}

function lowerFn(cx: LowerContext, decl: A.FnDecl, name: string, view: SelfView | undefined): Func {
  const fx = new FnLowerer(cx, view);
  for (const p of decl.params) fx.param(p);
  const ret = decl.returnType ? prune(cx.program.typeExprs.get(decl.returnType)!) : undefined;
  const result = ret ? valTy(fx.repr(ret, decl.returnType!.span)) : undefined;
  return fx.finish(name, result, fx.fnBody(decl.body!, result !== undefined));
}

/** Reads the whole input into a fresh buffer: locals `len` and `buf`. */
function readInput(fx: FnLowerer): { len: number; buf: number; stmts: Stmt[] } {
  const len = fx.tmp("i32", "len");
  const buf = fx.tmp("i32", "input");
  return {
    len, buf, stmts: [
      { k: "set", local: len, value: { k: "host", name: "input_size", args: [] } },
      { k: "set", local: buf, value: { k: "alloc", size: { k: "get", local: len } } },
      { k: "do", e: { k: "host", name: "input_read", args: [{ k: "get", local: buf }, i32(0), { k: "get", local: len }] } },
    ],
  };
}

/** Reverts unless the attached value is zero. */
export function refuseValue(fx: FnLowerer): Stmt[] {
  const v = fx.tmp("i32", "value");
  const word = (i: number): Expr => ({ k: "load", ty: "i64", width: 8, signed: false, ptr: { k: "get", local: v }, offset: 8 * i });
  const any: Expr = { k: "raw", op: "or", ty: "i64", a: { k: "raw", op: "or", ty: "i64", a: word(0), b: word(1) }, b: { k: "raw", op: "or", ty: "i64", a: word(2), b: word(3) } };
  return [
    { k: "set", local: v, value: { k: "alloc", size: i32(32) } },
    { k: "do", e: { k: "host", name: "value", args: [{ k: "get", local: v }] } },
    { k: "if", cond: { k: "eqz", ty: "i32", a: { k: "eqz", ty: "i64", a: any } }, then: revertError(fx, utf8(MSG_NOT_PAYABLE)), else: [] },
  ];
}

/**
 * Decodes parameters at buf+start (strict: the length must match exactly, a bool byte must be
 * 0 or 1, a length prefix must fit the input and a string must be UTF-8), then calls `fn`;
 * returns the call expression.
 */
export function decodeAndCall(fx: FnLowerer, cx: LowerContext, params: A.Param[], fn: string, len: number, buf: number, start: number, out: Stmt[]): Expr {
  const types = params.map((p) => prune(cx.program.localTypes.get(cx.program.resolved.locals.get(p)!)!));
  const reprs: Repr[] = params.map((p, i) => fx.abiRepr(types[i]!, p.span));
  const bad = () => revertError(fx, utf8(MSG_BAD_INPUT));
  const args: Expr[] = [];
  if (!reprs.some(isVariable)) {
    const size = start + sizeOfFields(reprs);
    out.push({ k: "if", cond: { k: "raw", op: "ne", ty: "i32", a: { k: "get", local: len }, b: i32(size) }, then: bad(), else: [] });
    let off = start;
    reprs.forEach((r, i) => {
      if (r.kind === "unit" || r.kind === "dyn" || r.kind === "vec") return;
      const l = fx.tmp(valTy(r)!, "arg");
      out.push({ k: "set", local: l, value: decodeExpr({ k: "get", local: buf }, off, r) });
      out.push(...fx.validateBools({ k: "get", local: l }, types[i]!, r, bad, params[i]!.span));
      args.push({ k: "get", local: l });
      off += r.size;
    });
    return { k: "call", fn, args };
  }
  // Some parameter has a length prefix: walk with a cursor, checking what is left each time.
  const at = fx.tmp("i32", "at");
  const end = fx.tmp("i32", "end");
  const get = (l: number): Expr => ({ k: "get", local: l });
  const add = (a: Expr, b: Expr): Expr => ({ k: "raw", op: "add", ty: "i32", a, b });
  const left = (): Expr => ({ k: "raw", op: "sub", ty: "i32", a: get(end), b: get(at) });
  out.push({ k: "set", local: end, value: add(get(buf), get(len)) }, { k: "set", local: at, value: add(get(buf), i32(start)) });
  out.push({ k: "if", cond: { k: "raw", op: "lt_u", ty: "i32", a: get(len), b: i32(start) }, then: bad(), else: [] });
  reprs.forEach((r, i) => {
    if (r.kind === "unit") return;
    const l = fx.tmp(valTy(r)!, "arg");
    if (!isSimple(r)) {
      // A Vec, or a value holding pointers or tagged unions: the generated decoder (codec.ts).
      const slot = fx.tmp("i32", "slot");
      out.push(
        { k: "set", local: slot, value: { k: "alloc", size: i32(fixedSize(r)) } },
        { k: "set", local: at, value: fx.decInto(get(at), get(end), get(slot), types[i]!, params[i]!.span) },
        { k: "if", cond: { k: "eqz", ty: "i32", a: get(at) }, then: bad(), else: [] },
        { k: "set", local: l, value: decodeExpr(get(slot), 0, r) },
      );
    } else if (r.kind === "mem" && r.option && r.tags && types[i]!.kind !== "option") {
      // An enum or Result: a known tag, then exactly that variant's payload, copied into a
      // buffer of the in-memory size (tag ‖ the largest payload).
      const tag = fx.tmp("i32", "tag");
      const size = fx.tmp("i32", "size");
      out.push(
        { k: "if", cond: { k: "raw", op: "lt_u", ty: "i32", a: left(), b: i32(1) }, then: bad(), else: [] },
        { k: "set", local: tag, value: { k: "load", ty: "i32", width: 1, signed: false, ptr: get(at), offset: 0 } },
        { k: "if", cond: { k: "raw", op: "ge_u", ty: "i32", a: get(tag), b: i32(r.tags.length) }, then: bad(), else: [] },
        { k: "set", local: size, value: taggedSize(get(tag), r.tags) },
        { k: "if", cond: { k: "raw", op: "lt_u", ty: "i32", a: left(), b: get(size) }, then: bad(), else: [] },
        { k: "set", local: l, value: { k: "alloc", size: i32(r.size) } },
        { k: "copy", dst: get(l), src: get(at), len: get(size) },
        ...fx.validateBools(get(l), types[i]!, r, bad, params[i]!.span),
        { k: "set", local: at, value: add(get(at), get(size)) },
      );
    } else if (r.kind === "mem" && r.option) {
      // Option<T>: 00, or 01 ‖ T read in place (the in-memory layout is 01 ‖ T).
      const t = types[i]! as { kind: "option"; inner: import("../check/types.js").Type };
      const inner = fx.repr(prune(t.inner), params[i]!.span);
      const tag = fx.tmp("i32", "tag");
      out.push(
        { k: "if", cond: { k: "raw", op: "lt_u", ty: "i32", a: left(), b: i32(1) }, then: bad(), else: [] },
        { k: "set", local: tag, value: { k: "load", ty: "i32", width: 1, signed: false, ptr: get(at), offset: 0 } },
        { k: "if", cond: { k: "raw", op: "gt_u", ty: "i32", a: get(tag), b: i32(1) }, then: bad(), else: [] },
        { k: "if", cond: get(tag), then: [
          { k: "if", cond: { k: "raw", op: "lt_u", ty: "i32", a: left(), b: i32(r.size) }, then: bad(), else: [] },
          { k: "set", local: l, value: get(at) },
          ...fx.validateBools(decodeExpr(get(l), 1, inner), prune(t.inner), inner, bad, params[i]!.span),
          { k: "set", local: at, value: add(get(at), i32(r.size)) },
        ], else: [
          { k: "set", local: l, value: { k: "alloc", size: i32(r.size) } },
          { k: "set", local: at, value: add(get(at), i32(1)) },
        ] },
      );
    } else if (r.kind === "dyn") {
      const n = fx.tmp("i32", "n");
      out.push(
        { k: "if", cond: { k: "raw", op: "lt_u", ty: "i32", a: left(), b: i32(4) }, then: bad(), else: [] },
        { k: "set", local: l, value: get(at) },
        { k: "set", local: n, value: { k: "load", ty: "i32", width: 4, signed: false, ptr: get(at), offset: 0 } },
        { k: "set", local: at, value: add(get(at), i32(4)) },
        { k: "if", cond: { k: "raw", op: "gt_u", ty: "i32", a: get(n), b: r.unit === 1 ? left() : { k: "raw", op: "div_u", ty: "i32", a: left(), b: i32(r.unit) } }, then: bad(), else: [] },
      );
      if (r.str) out.push({ k: "if", cond: { k: "eqz", ty: "i32", a: { k: "utf8", ptr: get(at), len: get(n) } }, then: bad(), else: [] });
      const t = types[i]!;
      if (t.kind === "vec") out.push(...fx.validateItems(get(at), get(n), prune(t.elem), r.unit, bad, params[i]!.span));
      out.push({ k: "set", local: at, value: add(get(at), r.unit === 1 ? get(n) : { k: "raw", op: "mul", ty: "i32", a: get(n), b: i32(r.unit) }) });
    } else if (r.kind !== "vec") {
      out.push(
        { k: "if", cond: { k: "raw", op: "lt_u", ty: "i32", a: left(), b: i32(r.size) }, then: bad(), else: [] },
        { k: "set", local: l, value: decodeExpr(get(at), 0, r) },
        ...fx.validateBools(get(l), types[i]!, r, bad, params[i]!.span),
        { k: "set", local: at, value: add(get(at), i32(r.size)) },
      );
    }
    args.push(get(l));
  });
  out.push({ k: "if", cond: { k: "raw", op: "ne", ty: "i32", a: get(at), b: get(end) }, then: bad(), else: [] });
  return { k: "call", fn, args };
}

function callExport(cx: LowerContext, entries: EntryInfo[], extra?: ReturnType<ExtraArms>): Func {
  const fx = new FnLowerer(cx, undefined);
  const input = readInput(fx);
  const body: Stmt[] = [...input.stmts];
  body.push({ k: "if", cond: { k: "raw", op: "lt_u", ty: "i32", a: { k: "get", local: input.len }, b: i32(4) }, then: revertError(fx, utf8(MSG_UNKNOWN_SELECTOR)), else: [] });
  const sel = fx.tmp("i32", "selector");
  body.push({ k: "set", local: sel, value: { k: "load", ty: "i32", width: 4, signed: false, ptr: { k: "get", local: input.buf }, offset: 0 } });
  for (const e of entries) {
    const arm: Stmt[] = e.decl.payable ? [] : refuseValue(fx);
    const call = decodeAndCall(fx, cx, e.decl.params, cx.fnNames.get(e.decl)!, input.len, input.buf, 4, arm);
    const ret = e.decl.returnType ? prune(cx.program.typeExprs.get(e.decl.returnType)!) : undefined;
    const r: Repr = ret ? fx.abiRepr(ret, e.decl.returnType!.span) : { kind: "unit" };
    if (r.kind === "unit") {
      arm.push({ k: "do", e: call }, { k: "finish", ptr: i32(0), len: i32(0) });
    } else {
      const v = fx.tmp(valTy(r)!, "ret");
      const out = fx.tmp("i32", "out");
      if (!isSimple(r)) {
        const n = fx.tmp("i32", "n");
        arm.push(
          { k: "set", local: v, value: call },
          { k: "set", local: n, value: fx.encSize({ k: "get", local: v }, ret!, e.decl.returnType!.span) },
          { k: "set", local: out, value: { k: "alloc", size: { k: "get", local: n } } },
          { k: "do", e: fx.encInto({ k: "get", local: out }, { k: "get", local: v }, ret!, e.decl.returnType!.span) },
          { k: "finish", ptr: { k: "get", local: out }, len: { k: "get", local: n } },
        );
      } else arm.push(
        { k: "set", local: v, value: call },
        { k: "set", local: out, value: { k: "alloc", size: encodedSize({ k: "get", local: v }, r) } },
        ...encodeStmts({ k: "get", local: out }, 0, { k: "get", local: v }, r),
        { k: "finish", ptr: { k: "get", local: out }, len: encodedSize({ k: "get", local: v }, r) },
      );
    }
    body.push(onSelector(sel, e.selector, arm));
  }
  for (const x of extra?.(fx, input.len, input.buf) ?? []) body.push(onSelector(sel, x.selector, x.arm));
  body.push(...revertError(fx, utf8(MSG_UNKNOWN_SELECTOR)));
  return fx.finish("call", undefined, body, "call");
}

function onSelector(sel: number, selector: Uint8Array, arm: Stmt[]): Stmt {
  const value = new DataView(selector.buffer, selector.byteOffset).getUint32(0, true);
  return { k: "if", cond: { k: "raw", op: "eq", ty: "i32", a: { k: "get", local: sel }, b: i32(BigInt.asIntN(32, BigInt(value))) }, then: arm, else: [] };
}

function initExport(cx: LowerContext, inits: { name: string; decl: A.InitDecl }[]): Func {
  const fx = new FnLowerer(cx, undefined);
  const own = inits.at(-1)!;
  const body: Stmt[] = [];
  if (!own.decl.payable) body.push(...refuseValue(fx));
  const input = readInput(fx);
  body.push(...input.stmts);
  for (const init of inits) {
    if (init === own) body.push({ k: "do", e: decodeAndCall(fx, cx, init.decl.params, init.name, input.len, input.buf, 0, body) });
    else body.push({ k: "do", e: { k: "call", fn: init.name, args: [] } });
  }
  return fx.finish("init.export", undefined, body, "init");
}
