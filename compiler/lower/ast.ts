// lower/'s output: a small structured IR between the typed program and Wasm (DESIGN §2). Every
// Silk value already has its machine representation here (`Repr`), and the operations that carry
// Silk semantics are explicit nodes — checked arithmetic and casts (`arith`, `cast`), storage
// (`sload` / `sstore` with a derived key), host calls (`host`), panics and reverts — so codegen/
// expands each node mechanically and never looks at a Silk type again.
//
// Values: bool and integers of at most 32 bits are `i32` (normalised: unsigned zero-extended,
// signed sign-extended); 64-bit integers are `i64`; 128/256-bit integers, `address` and
// `bytes32` are `mem` values, an i32 pointer to 16 or 32 bytes (integers little-endian, as the
// ABI encodes them). Tuples, structs and fixed arrays of fixed-size members are `mem` values
// laid out as their canonical encoding; `bytes` and `string` are `dyn` values, a pointer to u32
// count ‖ bytes — their canonical encoding too; a memory `Vec<T>` is a `vec` value (a header
// pointer, see Repr). Aggregates and tagged unions holding `bytes`/`string`/`Vec` or tagged
// members are `noncanon`: such a member occupies its in-memory slot (4 bytes for a pointer), and
// the canonical encoding is produced and read by the generated codec functions (codec.ts).
// Memory values behave as immutable once built: assigning to a member (`p.x = 1`, `v[i] += 1`)
// copies the whole value first, so aliases never see it. Two exceptions keep that behaviour
// without the copy: a fixed array of scalars held by a local that is never aliased is written in
// place (unique.ts), and `v.push(x)` appends in place when `v` is the newest value sharing its
// data block and there is room (amortised doubling; docs/language.md).

import type { ErrorDecl, EventDecl } from "../ast/ast.js";

export type ValTy = "i32" | "i64";

/** An integer type as arithmetic sees it. */
export interface IntKind {
  signed: boolean;
  bits: number;
}

/** How one Silk value lives at run time. `size` is its canonical encoding's byte length. */
export type Repr =
  | { kind: "unit" }
  /** `enumN`: a unit-only enum of that many variants, its tag byte as the value. */
  | { kind: "scalar"; ty: ValTy; size: number; int?: IntKind; bool?: true; enumN?: number }
  /**
   * `size` bytes of linear memory behind an i32 pointer. For integers, address, bytes32, and
   * tuples / structs / fixed arrays of such values the bytes are the canonical encoding (fields
   * in order, no padding). `noncanon`: a fixed in-memory layout that is not the canonical
   * encoding (`Option<T>` as tag byte ‖ T, whatever the tag). `option`: an `Option<T>` whose T is
   * canonical — its encoding is the first byte (None) or all `size` bytes (Some), so it is
   * encodable on its own, though not inside another value.
   */
  /**
   * `tags`: a tagged union (`Option`, `Result`, an enum with payloads) laid out as tag byte ‖
   * payload, `size` = 1 + the largest payload; tags[i] is variant i's payload size, so its
   * encoding is the first 1 + tags[tag] bytes. `option` is set on such a value when every payload
   * is canonical (then it is encodable on its own).
   */
  | { kind: "mem"; size: number; int?: IntKind; noncanon?: true; option?: true; tags?: number[] }
  /**
   * `bytes` / `string` / `Vec<T>`: an i32 pointer to u32 count (LE) ‖ items of `unit` bytes each
   * (1 for bytes and string) — the canonical encoding.
   */
  | { kind: "dyn"; unit: number; str?: true }
  /**
   * A memory `Vec<T>`: an i32 pointer to an immutable 8-byte header, u32 len ‖ u32 data, where
   * data points to a block u32 cap ‖ u32 used ‖ cap item slots (lower/vec.ts). Pushing appends
   * in place when the value's len equals the block's `used` and there is room, so n pushes cost
   * O(n) amortized while every older value (a shorter len over the same block) stays unchanged.
   */
  | { kind: "vec" };

export type RawBinOp =
  | "add" | "sub" | "mul" | "div_u" | "and" | "or" | "xor" | "shl" | "shr_u" | "shr_s"
  | "eq" | "ne" | "lt_u" | "lt_s" | "gt_u" | "gt_s" | "le_u" | "le_s" | "ge_u" | "ge_s";

export type ArithOp = "add" | "sub" | "mul" | "div" | "rem";
/** Integer methods that never panic. */
export type IntOp =
  | "wrapping_add" | "wrapping_sub" | "wrapping_mul" | "saturating_add" | "saturating_sub" | "saturating_mul";
export type CheckedOp = "add" | "sub" | "mul" | "div";
export type CmpOp = "eq" | "ne" | "lt" | "le" | "gt" | "ge";

/** A storage key: the field's fixed key prefix, then each map key's canonical encoding. */
export interface StorageKey {
  prefix: Uint8Array;
  parts: { value: Expr; repr: Repr }[];
}

export type Expr =
  | { k: "const"; ty: ValTy; value: bigint }
  | { k: "get"; local: number }
  /** Wasm arithmetic without Silk checks (address arithmetic, flags). */
  | { k: "raw"; op: RawBinOp; ty: ValTy; a: Expr; b: Expr }
  | { k: "eqz"; ty: ValTy; a: Expr }
  /** i64 → i32 (`wrap`) and i32 → i64 (`extend_u` / `extend_s`). */
  | { k: "conv"; op: "wrap" | "extend_u" | "extend_s"; a: Expr }
  /** Checked integer arithmetic: overflow → Panic 0x11, zero divisor → Panic 0x12. */
  | { k: "arith"; op: ArithOp; int: IntKind; a: Expr; b: Expr }
  /** Wrapping or saturating arithmetic (`a.wrapping_add(b)` …): never panics. */
  | { k: "intop"; op: IntOp; int: IntKind; a: Expr; b: Expr }
  /** `checked_*`: writes the result (its canonical encoding) at `dst` and yields 1, or yields 0 and leaves dst alone. */
  | { k: "checked"; op: CheckedOp; int: IntKind; dst: Expr; a: Expr; b: Expr }
  /** `==` of two `bytes`/`string` values → i32 0/1. */
  | { k: "dyneq"; a: Expr; b: Expr }
  /** 1 when the `len` bytes at ptr are well-formed UTF-8. */
  | { k: "utf8"; ptr: Expr; len: Expr }
  /** Integer comparison (and `==`/`!=` of memory values of `size` bytes) → i32 0/1. */
  | { k: "cmp"; op: CmpOp; repr: Repr; a: Expr; b: Expr }
  /** Bitwise `& | ^` on integers or bools of one representation. */
  | { k: "bits"; op: "and" | "or" | "xor"; repr: Repr; a: Expr; b: Expr }
  /** Bitwise not of an integer (`!x`). */
  | { k: "not"; int: IntKind; a: Expr }
  /** Checked `as` between integer types: out of range → Panic 0x21. */
  | { k: "cast"; from: IntKind; to: IntKind; a: Expr }
  /** A host function of stdlib/host/table.ts. */
  | { k: "host"; name: string; args: Expr[] }
  | { k: "call"; fn: string; args: Expr[] }
  /** `size` fresh bytes from the bump allocator → pointer. Never freed: each call is a fresh instance. */
  | { k: "alloc"; size: Expr }
  /** Bytes baked into the module (a passive-free data segment) → pointer. */
  | { k: "data"; bytes: Uint8Array }
  | { k: "load"; ty: ValTy; width: 1 | 2 | 4 | 8; signed: boolean; ptr: Expr; offset: number }
  /** Read a storage value; a missing key reads as the zero value. */
  | { k: "sload"; key: StorageKey; repr: Repr }
  /** The stored bytes under a key as a `bytes` value (u32 length ‖ bytes; length 0 when absent). */
  | { k: "sloadRaw"; key: StorageKey }
  /** Shift of a 128/256-bit integer by an unsigned i32 amount (≥ the width: 0, or −1 for `>>` of a negative). */
  | { k: "wshift"; op: "shl" | "shr"; int: IntKind; a: Expr; n: Expr }
  /** 1 if the storage key holds a value (Map `contains`), else 0. */
  | { k: "shas"; key: StorageKey }
  | { k: "ifx"; ty: ValTy; cond: Expr; then: Expr; else: Expr }
  /** Runs statements, then yields the value. */
  | { k: "seq"; body: Stmt[]; value: Expr };

export type Stmt =
  | { k: "set"; local: number; value: Expr }
  | { k: "store"; width: 1 | 2 | 4 | 8; ty: ValTy; ptr: Expr; offset: number; value: Expr }
  | { k: "copy"; dst: Expr; src: Expr; len: Expr }
  | { k: "fill"; dst: Expr; byte: number; len: Expr }
  /** Evaluate for effect; a result is dropped. */
  | { k: "do"; e: Expr }
  | { k: "if"; cond: Expr; then: Stmt[]; else: Stmt[] }
  /** `loop`: `br` to `label` re-enters it. `block`: `br` to `label` leaves it. */
  | { k: "loop"; label: string; body: Stmt[] }
  | { k: "block"; label: string; body: Stmt[] }
  | { k: "br"; label: string; cond?: Expr }
  | { k: "return"; value?: Expr }
  | { k: "sstore"; key: StorageKey; repr: Repr; value: Expr }
  /** Store `len` bytes at ptr under the key as they are (a value's canonical encoding). */
  | { k: "sstoreRaw"; key: StorageKey; ptr: Expr; len: Expr }
  /** Delete the storage key (Map `remove`). */
  | { k: "sremove"; key: StorageKey }
  /** Revert with `Panic(code)` (docs/abi.md §5). */
  | { k: "panic"; code: number }
  /** Revert with the bytes at ptr..ptr+len. */
  | { k: "revert"; ptr: Expr; len: Expr }
  /** Stop with status ok and the bytes at ptr..ptr+len as return data. */
  | { k: "finish"; ptr: Expr; len: Expr }
  | { k: "unreachable" };

export interface Local {
  name: string;
  ty: ValTy;
}

export interface Func {
  name: string;
  params: Local[];
  /** Locals after the parameters; indices continue from the parameters. */
  locals: Local[];
  result: ValTy | undefined;
  body: Stmt[];
  /** Exported under this name (`call`, `init`). */
  export?: string;
}

export interface Program {
  contract: string;
  funcs: Func[];
  /** `silk.reentrant` custom section payload: 4-byte selectors of re-entrant entry points. */
  reentrant: Uint8Array[];
  /** Every event the code emits and error it reverts with (for the ABI; see LowerContext.used). */
  used: (EventDecl | ErrorDecl)[];
}
