// Shared state of one contract's lowering: the typed program, the storage layout, the
// functions lowered so far (internal calls are lowered on first use), and the error that marks
// a construct this back end does not support yet.

import type * as A from "../ast/ast.js";
import type { TypedContract, TypedProgram } from "../check/ast.js";
import type { Span } from "../diagnostics/types.js";
import type { Func } from "./ast.js";
import type { StorageSlot } from "./layout.js";

/** Thrown for a construct lowering does not support yet; the driver reports it with its span. */
export class Unsupported extends Error {
  constructor(readonly what: string, readonly span: Span) {
    super(`${what} is not supported by the back end yet`);
  }
}

export interface LowerContext {
  program: TypedProgram;
  contract: TypedContract;
  /** Storage fields by their declaration (a component's field is one slot however it is reached). */
  slots: Map<A.FieldDecl, StorageSlot>;
  funcs: Func[];
  /** Lowered or queued functions by declaration → Wasm-level name. */
  fnNames: Map<A.FnDecl, string>;
  queue: { decl: A.FnDecl; name: string }[];
  /** Generated codec functions (codec.ts) by `kind:type` key → name; created on first use. */
  codecs?: Map<string, string>;
  /** Numbers of struct / enum declarations in codec names, in order of first use. */
  typeIds?: Map<unknown, number>;
  /**
   * Events emitted and errors reverted with, in order of first use: the ABI must describe those
   * declared outside the contract (module level) too, or their data could not be decoded.
   */
  used: Set<A.EventDecl | A.ErrorDecl>;
}

export function fnNameFor(cx: LowerContext, decl: A.FnDecl, owner: string): string {
  let name = cx.fnNames.get(decl);
  if (name === undefined) {
    name = `${owner}.${decl.name.text}`;
    // Free functions of different modules may share a name.
    let n = 1;
    const base = name;
    while ([...cx.fnNames.values()].includes(name)) name = `${base}#${n++}`;
    cx.fnNames.set(decl, name);
    cx.queue.push({ decl, name });
  }
  return name;
}
