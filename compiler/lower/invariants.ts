// Test builds only (`compileFiles(…, { test: true })`, `silk compile --test`): a contract's
// `invariant` declarations, its own and those of every composed component, become read-only
// entry points of the `call` export, so that `silk test` / `silk fuzz` can ask the deployed test
// build whether they hold. A normal build never calls anything here, so it contains no
// invariant code at all (docs/abi.md §11).
//
// Selector: sha256("invariant:" + owner + "." + name + "(" + param types + ")")[0..4]. The owner
// (contract or component) is part of it because a component's invariant may share its name with
// the contract's; the ':' cannot occur in a function's signature, so an invariant's selector can
// collide with an entry point's only by hash accident (the ABI loader refuses that).
// Return data: one bool byte, 01 = holds, 00 = violated. Like a view, the arm refuses value.

import type * as A from "../ast/ast.js";
import type { TypedContract, TypedProgram } from "../check/ast.js";
import { BOOL, prune } from "../check/types.js";
import { selector, selectorHex } from "../../stdlib/abi/selector.js";
import { signature, typeString, type AbiType } from "../../stdlib/abi/types.js";
import type { AbiJson, AbiJsonInvariant, AbiJsonTypeDef } from "../../stdlib/abi/schema.js";
import type { Stmt } from "./ast.js";
import { abiTypeOrThrow, FnLowerer } from "./body.js";
import type { LowerContext } from "./context.js";
import { encodedSize, encodeStmts, i32 } from "./encode.js";
import { structFieldsOf, valTy } from "./repr.js";
import { decodeAndCall, refuseValue } from "./translate.js";
import { typeDefCollector } from "./abi.js";

/** An extra arm of the `call` export's dispatch: run `arm` when the selector is `selector`. */
export interface TestArm {
  selector: Uint8Array;
  arm: Stmt[];
}

interface InvariantInfo {
  decl: A.InvariantDecl;
  owner: string;
  types: AbiType[];
  signature: string;
}

export function invariantSignature(owner: string, name: string, types: readonly AbiType[]): string {
  return `invariant:${owner}.${signature(name, types)}`;
}

function invariantInfos(program: TypedProgram, c: TypedContract): InvariantInfo[] {
  const fields = structFieldsOf(program.typeExprs);
  return c.info.invariants.map((inv) => {
    const types = inv.decl.params.map((p) => abiTypeOrThrow(prune(program.localTypes.get(program.resolved.locals.get(p)!)!), p.span, fields));
    return { decl: inv.decl, owner: inv.owner, types, signature: invariantSignature(inv.owner, inv.decl.name.text, types) };
  });
}

/**
 * Lowers every invariant body to a function `Owner.invariant.name` (params → i32 bool) and
 * returns a builder of the dispatch arms, which `callExport` runs with its own lowerer and the
 * input it has read. Must run before lowering drains its queue: invariant bodies may call
 * internal functions that nothing else calls.
 */
export function lowerInvariants(cx: LowerContext): (fx: FnLowerer, len: number, buf: number) => TestArm[] {
  const infos = invariantInfos(cx.program, cx.contract);
  const views = new Map(cx.contract.info.invariants.map((i) => [i.decl, i.view]));
  const names = infos.map((inv) => {
    const fx = new FnLowerer(cx, views.get(inv.decl));
    for (const p of inv.decl.params) fx.param(p);
    const name = `${inv.owner}.invariant.${inv.decl.name.text}`;
    const result = valTy(fx.repr(BOOL, inv.decl.span));
    cx.funcs.push(fx.finish(name, result, fx.fnBody(inv.decl.body, true)));
    return name;
  });
  return (fx, len, buf) => infos.map((inv, i) => {
    const arm: Stmt[] = refuseValue(fx);
    const call = decodeAndCall(fx, cx, inv.decl.params, names[i]!, len, buf, 4, arm);
    const r = fx.abiRepr(BOOL, inv.decl.span);
    const v = fx.tmp(valTy(r)!, "holds");
    const out = fx.tmp("i32", "out");
    arm.push(
      { k: "set", local: v, value: call },
      { k: "set", local: out, value: { k: "alloc", size: i32(1) } },
      ...encodeStmts({ k: "get", local: out }, 0, { k: "get", local: v }, r),
      { k: "finish", ptr: { k: "get", local: out }, len: encodedSize({ k: "get", local: v }, r) },
    );
    return { selector: selector(inv.signature), arm };
  });
}

/**
 * Adds the test build's `invariants` to an ABI made by `contractAbi`, with any struct or enum
 * that only an invariant's parameters name added to `types` (the loader resolves every name).
 */
export function addInvariantsToAbi(program: TypedProgram, c: TypedContract, abi: AbiJson): void {
  const named = new Map<string, AbiJsonTypeDef>(abi.types.map((t) => [t.name, t]));
  const define = typeDefCollector(named);
  abi.invariants = invariantInfos(program, c).map((inv): AbiJsonInvariant => {
    inv.types.forEach(define);
    const docs = inv.decl.docs.map((l) => l.replace(/^ /, "")).join("\n").trim();
    return {
      name: inv.decl.name.text,
      owner: inv.owner,
      selector: selectorHex(inv.signature),
      params: inv.decl.params.map((p, i) => ({ name: p.name.text, type: typeString(inv.types[i]!) })),
      ...(docs ? { docs } : {}),
    };
  });
  abi.types = [...named.values()];
}
