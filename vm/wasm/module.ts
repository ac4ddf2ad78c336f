// The decoded form of a WebAssembly 2.0 module (spec §2 "Structure"), shared by the
// decoder, validator, instrumenter, encoder and both engines. It mirrors the binary
// format closely so that decode → encode is the identity on canonical input.

/** Value types by their binary encoding (spec §5.3.1). */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;
export type ValType = number;

export function valTypeName(t: ValType): string {
  switch (t) {
    case I32: return "i32";
    case I64: return "i64";
    case F32: return "f32";
    case F64: return "f64";
    case V128: return "v128";
    case FUNCREF: return "funcref";
    case EXTERNREF: return "externref";
    default: return `0x${t.toString(16)}`;
  }
}

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export interface Limits {
  min: number;
  max?: number;
}

export interface TableType {
  elem: ValType;
  limits: Limits;
}

export interface GlobalType {
  type: ValType;
  mutable: boolean;
}

export type ImportDesc =
  | { kind: "func"; type: number }
  | { kind: "table"; table: TableType }
  | { kind: "memory"; memory: Limits }
  | { kind: "global"; global: GlobalType };

export interface Import {
  module: string;
  name: string;
  desc: ImportDesc;
}

export type ExternKind = "func" | "table" | "memory" | "global";

export interface Export {
  name: string;
  kind: ExternKind;
  index: number;
}

/**
 * Block types are kept in the spec's s33 form (§5.4.1): a non-negative value is a type
 * index; -64 (0x40) is the empty type; -1 i32, -2 i64, -3 f32, -4 f64, -5 v128,
 * -16 funcref, -17 externref.
 */
export type BlockType = number;
export const BLOCK_EMPTY = -64;

/** s33 block-type value of a single value type (e.g. I32 → -1). */
export function blockTypeOfVal(t: ValType): BlockType {
  return t - 0x80;
}

/**
 * One instruction. `op` is the opcode byte, or `0xfc00 | sub` for the 0xFC prefix.
 * Immediates, by instruction family:
 * - block/loop/if: `a` = block type (s33)
 * - br/br_if: `a` = label depth; br_table: `targets` and `a` = default label
 * - call: `a` = function index; call_indirect: `a` = type index, `b` = table index
 * - local.* / global.*: `a` = index
 * - loads/stores: `a` = offset, `b` = alignment exponent
 * - memory.size/grow/fill: `a` = memory index; memory.copy: `a` = dst, `b` = src memory
 * - memory.init: `a` = data index, `b` = memory; data.drop: `a` = data index
 * - table.init: `a` = elem index, `b` = table; elem.drop: `a`; table.copy: `a` = dst, `b` = src
 * - table.get/set/size/grow/fill: `a` = table index; ref.func: `a` = func index; ref.null: `a` = reftype
 * - select with types (0x1c): `targets` = the value types
 * - i32.const: `a` (signed 32-bit); i64.const: `i64` (signed); f32.const: `a` = raw bits (u32);
 *   f64.const: `i64` = raw bits (unsigned 64-bit)
 */
export interface Instr {
  op: number;
  a?: number;
  b?: number;
  i64?: bigint;
  targets?: number[];
}

export interface LocalDecl {
  count: number;
  type: ValType;
}

export interface FuncBody {
  locals: LocalDecl[];
  /** The instruction sequence, including the final `end`. */
  body: Instr[];
}

export interface Global {
  type: GlobalType;
  init: Instr[]; // constant expression without its final `end`
}

export type ElemMode = "active" | "passive" | "declarative";

export interface Elem {
  mode: ElemMode;
  table: number;
  offset?: Instr[]; // for active segments, without the final `end`
  type: ValType;
  /** Each element as a constant expression (without `end`); `ref.func i` or `ref.null`. */
  init: Instr[][];
  /** Which binary encoding (0..7) the segment used, so that re-encoding is faithful. */
  flags: number;
}

export interface Data {
  mode: "active" | "passive";
  memory: number;
  offset?: Instr[]; // without the final `end`
  bytes: Uint8Array;
}

export interface CustomSection {
  name: string;
  bytes: Uint8Array;
  /** Id of the non-custom section this one followed (0 if it came first), for faithful re-encoding. */
  after: number;
}

export interface WasmModule {
  types: FuncType[];
  imports: Import[];
  /** Type index of each function defined in the module (function section). */
  funcs: number[];
  tables: TableType[];
  memories: Limits[];
  globals: Global[];
  exports: Export[];
  start?: number;
  elems: Elem[];
  /** Present when the module had a data count section (§5.5.16). */
  dataCount?: number;
  codes: FuncBody[];
  datas: Data[];
  customs: CustomSection[];
}

export function importedFuncCount(m: WasmModule): number {
  let n = 0;
  for (const i of m.imports) if (i.desc.kind === "func") n++;
  return n;
}

/** Type of function `idx` in the function index space (imports first, §2.5.1). */
export function funcTypeOf(m: WasmModule, idx: number): FuncType | undefined {
  let k = 0;
  for (const i of m.imports) {
    if (i.desc.kind === "func") {
      if (k === idx) return m.types[i.desc.type];
      k++;
    }
  }
  const t = m.funcs[idx - k];
  return t === undefined ? undefined : m.types[t];
}

/** Params and results of a block type. */
export function blockSignature(m: WasmModule, bt: BlockType): FuncType | undefined {
  if (bt === BLOCK_EMPTY) return { params: [], results: [] };
  if (bt < 0) return { params: [], results: [bt + 0x80] };
  return m.types[bt];
}
