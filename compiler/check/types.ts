// Semantic types. Nominal types (struct, enum, interface) point at their declaration, so two
// types are equal when they are structurally equal and name the same declarations.
// `error` is the poison type: an expression whose checking already reported a diagnostic has
// it, and it is compatible with everything so one mistake does not cascade into many. It can only
// be made from the sink's ErrorEmitted token (Sway's rule: no failure without a reported reason);
// an error type met later is propagated, never made afresh.
// `never` is the type of expressions that do not complete (`return`, `revert` in match arms).

import type * as A from "../ast/ast.js";
import type { ErrorEmitted } from "../diagnostics/sink.js";

export type IntType = { kind: "int"; signed: boolean; bits: number };

export type Type =
  | IntType
  | { kind: "bool" }
  | { kind: "address" }
  | { kind: "bytes32" }
  | { kind: "bytes" }
  | { kind: "string" }
  | { kind: "array"; elem: Type; len: number }
  | { kind: "vec"; elem: Type }
  | { kind: "map"; key: Type; value: Type }
  | { kind: "tuple"; elems: Type[] }
  | { kind: "struct"; name: string; decl: A.StructDecl }
  | { kind: "enum"; name: string; decl: A.EnumDecl }
  | { kind: "option"; inner: Type }
  | { kind: "result"; ok: Type; err: Type }
  /** A typed handle to another contract: `IToken(addr)`; also usable as a field type. */
  | { kind: "interface"; name: string; decl: A.InterfaceDecl }
  /** Why an external call made with `try` failed. */
  | { kind: "callError" }
  | { kind: "never" }
  /** Poison: only made from the ErrorEmitted token of the diagnostic that explains it. */
  | { kind: "error"; because: ErrorEmitted }
  /**
   * The type of an integer literal whose type context has not decided yet (`let t = (1, 2);`).
   * Unification binds it to a concrete integer type; one never bound defaults to `u256` when the
   * body is finished. Always look through it with `prune`.
   */
  | { kind: "intvar"; cell: IntVarCell };

export interface IntVarCell {
  id: number;
  bound: Type | undefined;
}

let nextVar = 0;
export function freshIntVar(): Type {
  return { kind: "intvar", cell: { id: nextVar++, bound: undefined } };
}

/** Follows integer-variable bindings to the representative type. */
export function prune(t: Type): Type {
  while (t.kind === "intvar" && t.cell.bound) t = t.cell.bound;
  return t;
}

/** An integer type or a not-yet-decided integer literal type. */
export function isIntLike(t: Type): boolean {
  const p = prune(t);
  return p.kind === "int" || p.kind === "intvar";
}

/** The type with every integer variable replaced by its binding, unbound ones by `u256`. */
export function zonk(t: Type): Type {
  const p = prune(t);
  switch (p.kind) {
    case "intvar":
      p.cell.bound = { kind: "int", signed: false, bits: 256 };
      return p.cell.bound;
    case "array":
      return { ...p, elem: zonk(p.elem) };
    case "vec":
      return { ...p, elem: zonk(p.elem) };
    case "map":
      return { ...p, key: zonk(p.key), value: zonk(p.value) };
    case "tuple":
      return { ...p, elems: p.elems.map(zonk) };
    case "option":
      return { ...p, inner: zonk(p.inner) };
    case "result":
      return { ...p, ok: zonk(p.ok), err: zonk(p.err) };
    default:
      return p;
  }
}

export const UNIT: Type = { kind: "tuple", elems: [] };
export const BOOL: Type = { kind: "bool" };
export const ADDRESS: Type = { kind: "address" };
export const BYTES32: Type = { kind: "bytes32" };
export const BYTES: Type = { kind: "bytes" };
export const STRING: Type = { kind: "string" };
export const NEVER: Type = { kind: "never" };
/** The poison type for an expression whose error has been reported (`because` proves it). */
export function poisoned(because: ErrorEmitted): Type {
  return { kind: "error", because };
}
export const U8: IntType = { kind: "int", signed: false, bits: 8 };
export const U32: IntType = { kind: "int", signed: false, bits: 32 };
export const U64: IntType = { kind: "int", signed: false, bits: 64 };
export const U256: IntType = { kind: "int", signed: false, bits: 256 };

export function intType(name: string): IntType | undefined {
  const m = /^([ui])(8|16|32|64|128|256)$/.exec(name);
  return m ? { kind: "int", signed: m[1] === "i", bits: Number(m[2]) } : undefined;
}

export function intRange(t: IntType): { min: bigint; max: bigint } {
  const b = BigInt(t.bits);
  return t.signed ? { min: -(1n << (b - 1n)), max: (1n << (b - 1n)) - 1n } : { min: 0n, max: (1n << b) - 1n };
}

/**
 * Type equality, unifying integer variables on the way: comparing an undecided literal type with
 * `u8` decides it is `u8`. (So this is not a pure predicate when variables are involved.)
 */
export function typeEq(a: Type, b: Type): boolean {
  a = prune(a);
  b = prune(b);
  if (a === b) return true;
  if (a.kind === "intvar") {
    if (b.kind !== "int" && b.kind !== "intvar") return false;
    a.cell.bound = b;
    return true;
  }
  if (b.kind === "intvar") return typeEq(b, a);
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "int": {
      const o = b as IntType;
      return a.signed === o.signed && a.bits === o.bits;
    }
    case "array": {
      const o = b as typeof a;
      return a.len === o.len && typeEq(a.elem, o.elem);
    }
    case "vec":
      return typeEq(a.elem, (b as typeof a).elem);
    case "map": {
      const o = b as typeof a;
      return typeEq(a.key, o.key) && typeEq(a.value, o.value);
    }
    case "tuple": {
      const o = b as typeof a;
      return a.elems.length === o.elems.length && a.elems.every((t, i) => typeEq(t, o.elems[i]!));
    }
    case "struct":
    case "enum":
    case "interface":
      return a.decl === (b as typeof a).decl;
    case "option":
      return typeEq(a.inner, (b as typeof a).inner);
    case "result": {
      const o = b as typeof a;
      return typeEq(a.ok, o.ok) && typeEq(a.err, o.err);
    }
    default:
      return true;
  }
}

/** True when a value of type `found` may be used where `expected` is wanted. */
export function assignable(expected: Type, found: Type): boolean {
  expected = prune(expected);
  found = prune(found);
  if (found.kind === "never" || found.kind === "error" || expected.kind === "error") return true;
  return typeEq(expected, found) || containsError(found) || containsError(expected);
}

function containsError(t: Type): boolean {
  t = prune(t);
  switch (t.kind) {
    case "error":
      return true;
    case "array":
    case "vec":
      return containsError(t.elem);
    case "map":
      return containsError(t.key) || containsError(t.value);
    case "tuple":
      return t.elems.some(containsError);
    case "option":
      return containsError(t.inner);
    case "result":
      return containsError(t.ok) || containsError(t.err);
    default:
      return false;
  }
}

export function show(t: Type): string {
  t = prune(t);
  switch (t.kind) {
    case "intvar":
      return "{integer}";
    case "int":
      return `${t.signed ? "i" : "u"}${t.bits}`;
    case "array":
      return `[${show(t.elem)}; ${t.len}]`;
    case "vec":
      return `Vec<${show(t.elem)}>`;
    case "map":
      return `Map<${show(t.key)}, ${show(t.value)}>`;
    case "tuple":
      return t.elems.length === 1 ? `(${show(t.elems[0]!)},)` : `(${t.elems.map(show).join(", ")})`;
    case "struct":
    case "enum":
    case "interface":
      return t.name;
    case "option":
      return `Option<${show(t.inner)}>`;
    case "result":
      return `Result<${show(t.ok)}, ${show(t.err)}>`;
    case "callError":
      return "CallError";
    case "never":
      return "!";
    case "error":
      return "{unknown}";
    default:
      return t.kind;
  }
}

/** Types that only exist in storage: a `Map` anywhere inside. */
export function isStorageOnly(t: Type): boolean {
  t = prune(t);
  switch (t.kind) {
    case "map":
      return true;
    case "array":
    case "vec":
      return isStorageOnly(t.elem);
    case "tuple":
      return t.elems.some(isStorageOnly);
    case "option":
      return isStorageOnly(t.inner);
    case "result":
      return isStorageOnly(t.ok) || isStorageOnly(t.err);
    default:
      return false;
  }
}

/** Types usable as `Map` keys: fixed-size or byte-string scalars with a canonical encoding. */
export function isMapKey(t: Type): boolean {
  return ["intvar", "int", "bool", "address", "bytes32", "bytes", "string", "error"].includes(prune(t).kind);
}
