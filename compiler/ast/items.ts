// AST: The file and its items. Part of the parser's output type; see ast.ts for the conventions.

import type { Span } from "../diagnostics/types.js";
import type { Expr } from "./expr.js";
import type { Attribute, Ident, Path } from "./names.js";
import type { Block } from "./stmt.js";
import type { TypeExpr } from "./type-expr.js";

export interface SourceFile {
  kind: "SourceFile";
  file: string;
  imports: ImportDecl[];
  items: Item[];
  span: Span;
}

/** `import { Ownable, Pausable as P } from "std/access";` */
export interface ImportDecl {
  kind: "ImportDecl";
  names: ImportName[];
  /** The module specifier as written, unescaped ("std/access", "./lib"). */
  from: string;
  span: Span;
}

export interface ImportName {
  kind: "ImportName";
  name: Ident;
  alias: Ident | undefined;
  span: Span;
}

/** Anything that may appear at the top level of a file. */
export type Item =
  | ContractDecl
  | ComponentDecl
  | InterfaceDecl
  | StructDecl
  | EnumDecl
  | ConstDecl
  | FnDecl
  | TypeAliasDecl
  | EventDecl
  | ErrorDecl;

/** Fields common to every declaration that can carry `///` docs and `#[attributes]`. */
interface DeclBase {
  /** `///` lines above the declaration, text after the `///` verbatim (leading space kept). */
  docs: string[];
  attributes: Attribute[];
  span: Span;
}

/** `contract Token: IToken, IOwned { … }` */
export interface ContractDecl extends DeclBase {
  kind: "ContractDecl";
  name: Ident;
  implements: Path[];
  members: ContractMember[];
}

/**
 * `component Ownable { … }` — a reusable unit with its own storage, events, errors and entry
 * points; a contract composes it with `use Ownable;`.
 */
export interface ComponentDecl extends DeclBase {
  kind: "ComponentDecl";
  name: Ident;
  members: ContractMember[];
}

export type ContractMember =
  | StorageDecl
  | InitDecl
  | FnDecl
  | EventDecl
  | ErrorDecl
  | InvariantDecl
  | UseDecl
  | ConstDecl;

/** `storage { a: u256, m: Map<address, u256>, }` */
export interface StorageDecl extends DeclBase {
  kind: "StorageDecl";
  fields: FieldDecl[];
}

/** A named, typed field of a storage block, struct, event, error or struct-like variant. */
export interface FieldDecl extends DeclBase {
  kind: "FieldDecl";
  name: Ident;
  type: TypeExpr;
}

/** `payable init(a: u256) { … }` — runs once at deploy. */
export interface InitDecl extends DeclBase {
  kind: "InitDecl";
  payable: boolean;
  params: Param[];
  body: Block;
}

/**
 * A function: a free function, a contract/component member, or (with `body` undefined) an
 * interface signature `view fn f(a: u8) -> u8;`.
 */
export interface FnDecl extends DeclBase {
  kind: "FnDecl";
  /** `pub fn` — an ABI entry point in a contract/component; exported from a plain module. */
  isPub: boolean;
  view: boolean;
  payable: boolean;
  name: Ident;
  params: Param[];
  returnType: TypeExpr | undefined;
  body: Block | undefined;
}

export interface Param {
  kind: "Param";
  name: Ident;
  type: TypeExpr;
  span: Span;
}

/** `event Transfer { #[indexed] from: address, amount: u256 }` */
export interface EventDecl extends DeclBase {
  kind: "EventDecl";
  name: Ident;
  fields: FieldDecl[];
}

/** `error InsufficientBalance { have: u256, need: u256 }` or `error Unauthorized;` (no fields) */
export interface ErrorDecl extends DeclBase {
  kind: "ErrorDecl";
  name: Ident;
  fields: FieldDecl[];
}

/** `invariant name(who: address) { bool expression }` — only compiled into test builds. */
export interface InvariantDecl extends DeclBase {
  kind: "InvariantDecl";
  name: Ident;
  params: Param[];
  body: Block;
}

/** `use Ownable;` inside a contract or component: compose a component. */
export interface UseDecl extends DeclBase {
  kind: "UseDecl";
  component: Path;
}

/** `interface IToken { fn transfer(…) -> bool; view fn balance_of(…) -> u256; }` */
export interface InterfaceDecl extends DeclBase {
  kind: "InterfaceDecl";
  name: Ident;
  /** Every entry has `body === undefined`. */
  fns: FnDecl[];
}

export interface StructDecl extends DeclBase {
  kind: "StructDecl";
  name: Ident;
  fields: FieldDecl[];
}

export interface EnumDecl extends DeclBase {
  kind: "EnumDecl";
  name: Ident;
  variants: VariantDecl[];
}

/** `Red`, `Circle(u32)`, `Rect { w: u32, h: u32 }` */
export interface VariantDecl extends DeclBase {
  kind: "VariantDecl";
  name: Ident;
  payload: VariantPayloadDecl | undefined;
}

export type VariantPayloadDecl =
  | { kind: "TuplePayload"; types: TypeExpr[]; span: Span }
  | { kind: "StructPayload"; fields: FieldDecl[]; span: Span };

/** `const MAX: u256 = 1_000;` */
export interface ConstDecl extends DeclBase {
  kind: "ConstDecl";
  name: Ident;
  type: TypeExpr;
  value: Expr;
}

/** `type Balance = u256;` */
export interface TypeAliasDecl extends DeclBase {
  kind: "TypeAliasDecl";
  name: Ident;
  type: TypeExpr;
}
