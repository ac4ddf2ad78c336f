// resolve/'s output: the parsed modules plus symbol tables, with every name use bound to what
// it names. check/ reads only this (never re-does name lookup), and later lowering can use the
// same bindings to find declarations.

import type * as A from "../ast/ast.js";
import type { Span } from "../diagnostics/types.js";

export interface Module {
  /** Absolute path of the file; spans carry this name. */
  path: string;
  ast: A.SourceFile;
  /** Top-level names visible in this module: its own items and its imports. */
  scope: Map<string, ItemSym>;
}

export type ItemSym =
  | { kind: "struct"; name: string; decl: A.StructDecl; module: string }
  | { kind: "enum"; name: string; decl: A.EnumDecl; module: string }
  | { kind: "const"; name: string; decl: A.ConstDecl; module: string }
  | { kind: "fn"; name: string; decl: A.FnDecl; module: string }
  | { kind: "alias"; name: string; decl: A.TypeAliasDecl; module: string }
  | { kind: "event"; name: string; decl: A.EventDecl; module: string }
  | { kind: "error"; name: string; decl: A.ErrorDecl; module: string }
  | { kind: "contract"; name: string; decl: A.ContractDecl; module: string }
  | { kind: "component"; name: string; decl: A.ComponentDecl; module: string }
  | { kind: "interface"; name: string; decl: A.InterfaceDecl; module: string };

export type ItemKind = ItemSym["kind"];

/**
 * A storage field as it ends up in a contract. `namespace` is the chain of component names that
 * owns it ([] for the contract's own fields); lowering derives the storage key from
 * namespace + name, so two components' `owner` fields can never share a slot.
 */
export interface StorageField {
  name: string;
  decl: A.FieldDecl;
  namespace: string[];
}

/** What `self` means inside one contract or component body. */
export interface SelfView {
  owner: ItemSym & { kind: "contract" | "component" };
  /** `self.x`: the owner's own storage fields, then those of components it uses. */
  storage: Map<string, StorageField>;
  /** Field names offered by more than one composed component: `self.x` is ambiguous. */
  ambiguous: Map<string, string[]>;
  /** `self.f(…)`: the owner's functions, then those of the components it uses. */
  fns: Map<string, OwnedFn>;
  /** Events, errors and consts usable by name in the owner's bodies. */
  members: Map<string, MemberSym>;
}

export interface OwnedFn {
  decl: A.FnDecl;
  /** The contract or component declaring it. */
  owner: string;
  /** The SelfView its body is checked against. */
  view: SelfView;
}

export type MemberSym =
  | { kind: "event"; name: string; decl: A.EventDecl; owner: string }
  | { kind: "error"; name: string; decl: A.ErrorDecl; owner: string }
  | { kind: "const"; name: string; decl: A.ConstDecl; owner: string };

/** A contract after composition: everything that ends up in its deployed code and ABI. */
export interface ContractInfo {
  sym: ItemSym & { kind: "contract" };
  view: SelfView;
  /** Components composed in, in first-use order, each once (diamonds share one instance). */
  components: (ItemSym & { kind: "component" })[];
  /** Every storage field, own and components', with distinct namespaces. */
  storage: StorageField[];
  /** ABI entry points: `pub fn` of the contract and of every composed component. */
  entryPoints: OwnedFn[];
  /** Internal (non-pub) functions of contract and components, for lowering. */
  internalFns: OwnedFn[];
  inits: { decl: A.InitDecl; owner: string; view: SelfView }[];
  invariants: { decl: A.InvariantDecl; owner: string; view: SelfView }[];
  events: MemberSym[];
  errors: MemberSym[];
  interfaces: (ItemSym & { kind: "interface" })[];
}

/** A variable introduced by `let`, a parameter, a `for` binding or a match binding. */
export interface Local {
  id: number;
  name: string;
  mutable: boolean;
  span: Span;
  origin: "let" | "param" | "for" | "match";
  uses: number;
  /** Number of assignments after declaration (drives W0004). */
  assignments: number;
}

export type BuiltinValue =
  | "msg"
  | "tx"
  | "block"
  | "chain"
  | "gas"
  | "transfer"
  | "balance"
  | "sha256"
  | "keccak256"
  | "blake3"
  | "ed25519_verify"
  | "abi_encode"
  | "address"
  | "Some"
  | "None"
  | "Ok"
  | "Err";

export type VariantRef =
  | { kind: "option"; name: "Some" | "None" }
  | { kind: "result"; name: "Ok" | "Err" }
  | { kind: "enum"; sym: ItemSym & { kind: "enum" }; variant: A.VariantDecl; index: number };

/** What a value path (`x`, `MAX`, `Color::Red`, `msg`) names. */
export type ValueRef =
  | { kind: "local"; local: Local }
  | { kind: "item"; sym: ItemSym }
  | { kind: "member"; sym: MemberSym }
  | { kind: "variant"; variant: VariantRef }
  | { kind: "builtin"; name: BuiltinValue };

export type PrimName =
  | "bool"
  | "address"
  | "bytes32"
  | "bytes"
  | "string"
  | "u8" | "u16" | "u32" | "u64" | "u128" | "u256"
  | "i8" | "i16" | "i32" | "i64" | "i128" | "i256";

export type TypeRef =
  | { kind: "prim"; name: PrimName }
  | { kind: "generic"; name: "Vec" | "Map" | "Option" | "Result" }
  | { kind: "callError" }
  | { kind: "item"; sym: ItemSym };

export interface ResolvedProgram {
  modules: Map<string, Module>;
  /** Root files first, then imported ones, in load order. */
  order: string[];
  contracts: ContractInfo[];
  /** SelfView of every component by its declaration, for checking component bodies. */
  componentViews: Map<A.ComponentDecl, SelfView>;
  values: Map<A.PathExpr, ValueRef>;
  types: Map<A.NamedType, TypeRef>;
  /** Struct literal / emit / revert paths to their declaration (struct, event, error, variant). */
  structPaths: Map<A.Path, ValueRef>;
  locals: Map<A.IdentPattern | A.Param, Local>;
  /** Patterns naming a variant (`None`, `Some(x)`, `Color::Red`). */
  patterns: Map<A.IdentPattern | A.VariantPattern, VariantRef>;
}
