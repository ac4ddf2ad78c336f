// check/'s output: the resolved program with a type on every expression and local, and every
// call classified by what it does. This is what lowering consumes: it never re-derives a type,
// never re-decides whether `a.f(x)` is an internal call, an external call or a builtin, and reads
// each contract's storage layout and ABI surface from `contracts`.

import type * as A from "../ast/ast.js";
import type { BuiltinValue, ContractInfo, Local, OwnedFn, ResolvedProgram, StorageField, VariantRef } from "../resolve/ast.js";
import type { Type } from "./types.js";

export type CallTarget =
  /** A free function of some module. */
  | { kind: "free"; decl: A.FnDecl }
  /** `self.f(…)`: a function of this contract or of a component it composes. */
  | { kind: "self"; fn: OwnedFn }
  /** `transfer`, `balance`, `sha256`, `keccak256`, `blake3`, `ed25519_verify`, `gas.left`. */
  | { kind: "builtin"; name: BuiltinValue | "gas.left" }
  /** `I(addr)`: makes a contract handle; no call happens. */
  | { kind: "interfaceCast"; iface: A.InterfaceDecl }
  /** `I(addr).f(…)` with optional `with { gas, value }`, and whether it is under `try`. */
  | { kind: "external"; iface: A.InterfaceDecl; fn: A.FnDecl; gas?: A.Expr; value?: A.Expr; isTry: boolean }
  /** `Some(x)`, `Ok(x)`, `Shape::Circle(r)`. */
  | { kind: "variant"; variant: VariantRef }
  /** Methods on built-in types: `a.wrapping_add(b)`, `v.push(x)`, `m.contains(k)`, `v.len()`. */
  | { kind: "method"; name: string; receiver: Type };

export interface TypedStorageField extends StorageField {
  type: Type;
}

export interface TypedContract {
  info: ContractInfo;
  storage: TypedStorageField[];
}

export interface TypedProgram {
  resolved: ResolvedProgram;
  /** The type of every checked expression (including sub-expressions). */
  exprTypes: Map<A.Expr, Type>;
  localTypes: Map<Local, Type>;
  calls: Map<A.CallExpr | A.MethodCallExpr, CallTarget>;
  /** Every type expression written in the source, converted. */
  typeExprs: Map<A.TypeExpr, Type>;
  contracts: TypedContract[];
}
