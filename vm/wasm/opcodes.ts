// The instruction set (spec §5.4) as data: one row per opcode with its immediate kind,
// the feature it belongs to, its operand signature where it is a plain stack operator,
// and the cost class the gas schedule prices it by. Every layer reads this table; none
// keeps its own switch of opcode numbers.

export type ImmKind =
  | "none" | "blocktype" | "label" | "br_table" | "func" | "call_indirect"
  | "local" | "global" | "memarg" | "memidx" | "i32" | "i64" | "f32" | "f64"
  | "select_t" | "table" | "reftype" | "data_mem" | "data" | "mem_mem"
  | "elem_table" | "elem" | "table_table";

/** Post-MVP proposals merged into Wasm 2.0, plus the float and SIMD families the policy forbids. */
export type Feature = "mvp" | "sign-ext" | "float" | "sat-float-to-int" | "bulk-memory" | "reference-types";

export type CostClass =
  | "const" | "local" | "global" | "alu" | "mul" | "div" | "load" | "store" | "control"
  | "branch" | "br_table" | "call" | "call_indirect" | "select" | "drop" | "memory.size"
  | "memory.grow" | "bulk" | "bulk.drop" | "float" | "ref" | "table";

export interface OpInfo {
  code: number; // byte, or 0xfc00 | sub-opcode
  name: string;
  imm: ImmKind;
  feature: Feature;
  cls: CostClass;
  /** Plain operand signature "params:results" (i=i32 I=i64 f=f32 F=f64), or null if typed specially. */
  sig: string | null;
  /** For loads/stores: natural alignment exponent (max allowed alignment, §3.3.7.x). */
  natAlign?: number;
}

const rows: OpInfo[] = [];
function op(code: number, name: string, imm: ImmKind, feature: Feature, cls: CostClass, sig: string | null, natAlign?: number) {
  rows.push({ code, name, imm, feature, cls, sig, natAlign });
}

// Control instructions (§5.4.1)
op(0x00, "unreachable", "none", "mvp", "control", null);
op(0x01, "nop", "none", "mvp", "control", null);
op(0x02, "block", "blocktype", "mvp", "control", null);
op(0x03, "loop", "blocktype", "mvp", "control", null);
op(0x04, "if", "blocktype", "mvp", "branch", null);
op(0x05, "else", "none", "mvp", "control", null);
op(0x0b, "end", "none", "mvp", "control", null);
op(0x0c, "br", "label", "mvp", "branch", null);
op(0x0d, "br_if", "label", "mvp", "branch", null);
op(0x0e, "br_table", "br_table", "mvp", "br_table", null);
op(0x0f, "return", "none", "mvp", "branch", null);
op(0x10, "call", "func", "mvp", "call", null);
op(0x11, "call_indirect", "call_indirect", "mvp", "call_indirect", null);

// Reference instructions (§5.4.2)
op(0xd0, "ref.null", "reftype", "reference-types", "ref", null);
op(0xd1, "ref.is_null", "none", "reference-types", "ref", null);
op(0xd2, "ref.func", "func", "reference-types", "ref", null);

// Parametric (§5.4.3)
op(0x1a, "drop", "none", "mvp", "drop", null);
op(0x1b, "select", "none", "mvp", "select", null);
op(0x1c, "select_t", "select_t", "reference-types", "select", null);

// Variable (§5.4.4)
op(0x20, "local.get", "local", "mvp", "local", null);
op(0x21, "local.set", "local", "mvp", "local", null);
op(0x22, "local.tee", "local", "mvp", "local", null);
op(0x23, "global.get", "global", "mvp", "global", null);
op(0x24, "global.set", "global", "mvp", "global", null);

// Table (§5.4.5)
op(0x25, "table.get", "table", "reference-types", "table", null);
op(0x26, "table.set", "table", "reference-types", "table", null);

// Memory (§5.4.6)
op(0x28, "i32.load", "memarg", "mvp", "load", "i:i", 2);
op(0x29, "i64.load", "memarg", "mvp", "load", "i:I", 3);
op(0x2a, "f32.load", "memarg", "float", "float", "i:f", 2);
op(0x2b, "f64.load", "memarg", "float", "float", "i:F", 3);
op(0x2c, "i32.load8_s", "memarg", "mvp", "load", "i:i", 0);
op(0x2d, "i32.load8_u", "memarg", "mvp", "load", "i:i", 0);
op(0x2e, "i32.load16_s", "memarg", "mvp", "load", "i:i", 1);
op(0x2f, "i32.load16_u", "memarg", "mvp", "load", "i:i", 1);
op(0x30, "i64.load8_s", "memarg", "mvp", "load", "i:I", 0);
op(0x31, "i64.load8_u", "memarg", "mvp", "load", "i:I", 0);
op(0x32, "i64.load16_s", "memarg", "mvp", "load", "i:I", 1);
op(0x33, "i64.load16_u", "memarg", "mvp", "load", "i:I", 1);
op(0x34, "i64.load32_s", "memarg", "mvp", "load", "i:I", 2);
op(0x35, "i64.load32_u", "memarg", "mvp", "load", "i:I", 2);
op(0x36, "i32.store", "memarg", "mvp", "store", "ii:", 2);
op(0x37, "i64.store", "memarg", "mvp", "store", "iI:", 3);
op(0x38, "f32.store", "memarg", "float", "float", "if:", 2);
op(0x39, "f64.store", "memarg", "float", "float", "iF:", 3);
op(0x3a, "i32.store8", "memarg", "mvp", "store", "ii:", 0);
op(0x3b, "i32.store16", "memarg", "mvp", "store", "ii:", 1);
op(0x3c, "i64.store8", "memarg", "mvp", "store", "iI:", 0);
op(0x3d, "i64.store16", "memarg", "mvp", "store", "iI:", 1);
op(0x3e, "i64.store32", "memarg", "mvp", "store", "iI:", 2);
op(0x3f, "memory.size", "memidx", "mvp", "memory.size", ":i");
op(0x40, "memory.grow", "memidx", "mvp", "memory.grow", "i:i");

// Numeric constants
op(0x41, "i32.const", "i32", "mvp", "const", ":i");
op(0x42, "i64.const", "i64", "mvp", "const", ":I");
op(0x43, "f32.const", "f32", "float", "float", ":f");
op(0x44, "f64.const", "f64", "float", "float", ":F");

// Comparisons
op(0x45, "i32.eqz", "none", "mvp", "alu", "i:i");
const i32cmp = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
i32cmp.forEach((n, k) => op(0x46 + k, `i32.${n}`, "none", "mvp", "alu", "ii:i"));
op(0x50, "i64.eqz", "none", "mvp", "alu", "I:i");
i32cmp.forEach((n, k) => op(0x51 + k, `i64.${n}`, "none", "mvp", "alu", "II:i"));
const fcmp = ["eq", "ne", "lt", "gt", "le", "ge"];
fcmp.forEach((n, k) => op(0x5b + k, `f32.${n}`, "none", "float", "float", "ff:i"));
fcmp.forEach((n, k) => op(0x61 + k, `f64.${n}`, "none", "float", "float", "FF:i"));

// Integer arithmetic
function intArith(base: number, t: "i32" | "i64", s: string) {
  op(base + 0, `${t}.clz`, "none", "mvp", "alu", `${s}:${s}`);
  op(base + 1, `${t}.ctz`, "none", "mvp", "alu", `${s}:${s}`);
  op(base + 2, `${t}.popcnt`, "none", "mvp", "alu", `${s}:${s}`);
  const bin: [string, CostClass][] = [
    ["add", "alu"], ["sub", "alu"], ["mul", "mul"], ["div_s", "div"], ["div_u", "div"],
    ["rem_s", "div"], ["rem_u", "div"], ["and", "alu"], ["or", "alu"], ["xor", "alu"],
    ["shl", "alu"], ["shr_s", "alu"], ["shr_u", "alu"], ["rotl", "alu"], ["rotr", "alu"],
  ];
  bin.forEach(([n, c], k) => op(base + 3 + k, `${t}.${n}`, "none", "mvp", c, `${s}${s}:${s}`));
}
intArith(0x67, "i32", "i");
intArith(0x79, "i64", "I");

// Float arithmetic (decoded and typed so the validator can name them, then refused by policy)
function floatArith(base: number, t: "f32" | "f64", s: string) {
  ["abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"].forEach((n, k) =>
    op(base + k, `${t}.${n}`, "none", "float", "float", `${s}:${s}`));
  ["add", "sub", "mul", "div", "min", "max", "copysign"].forEach((n, k) =>
    op(base + 7 + k, `${t}.${n}`, "none", "float", "float", `${s}${s}:${s}`));
}
floatArith(0x8b, "f32", "f");
floatArith(0x99, "f64", "F");

// Conversions
op(0xa7, "i32.wrap_i64", "none", "mvp", "alu", "I:i");
op(0xa8, "i32.trunc_f32_s", "none", "float", "float", "f:i");
op(0xa9, "i32.trunc_f32_u", "none", "float", "float", "f:i");
op(0xaa, "i32.trunc_f64_s", "none", "float", "float", "F:i");
op(0xab, "i32.trunc_f64_u", "none", "float", "float", "F:i");
op(0xac, "i64.extend_i32_s", "none", "mvp", "alu", "i:I");
op(0xad, "i64.extend_i32_u", "none", "mvp", "alu", "i:I");
op(0xae, "i64.trunc_f32_s", "none", "float", "float", "f:I");
op(0xaf, "i64.trunc_f32_u", "none", "float", "float", "f:I");
op(0xb0, "i64.trunc_f64_s", "none", "float", "float", "F:I");
op(0xb1, "i64.trunc_f64_u", "none", "float", "float", "F:I");
op(0xb2, "f32.convert_i32_s", "none", "float", "float", "i:f");
op(0xb3, "f32.convert_i32_u", "none", "float", "float", "i:f");
op(0xb4, "f32.convert_i64_s", "none", "float", "float", "I:f");
op(0xb5, "f32.convert_i64_u", "none", "float", "float", "I:f");
op(0xb6, "f32.demote_f64", "none", "float", "float", "F:f");
op(0xb7, "f64.convert_i32_s", "none", "float", "float", "i:F");
op(0xb8, "f64.convert_i32_u", "none", "float", "float", "i:F");
op(0xb9, "f64.convert_i64_s", "none", "float", "float", "I:F");
op(0xba, "f64.convert_i64_u", "none", "float", "float", "I:F");
op(0xbb, "f64.promote_f32", "none", "float", "float", "f:F");
op(0xbc, "i32.reinterpret_f32", "none", "float", "float", "f:i");
op(0xbd, "i64.reinterpret_f64", "none", "float", "float", "F:I");
op(0xbe, "f32.reinterpret_i32", "none", "float", "float", "i:f");
op(0xbf, "f64.reinterpret_i64", "none", "float", "float", "I:F");

// Sign extension (§5.4.7, sign-extension-ops proposal)
op(0xc0, "i32.extend8_s", "none", "sign-ext", "alu", "i:i");
op(0xc1, "i32.extend16_s", "none", "sign-ext", "alu", "i:i");
op(0xc2, "i64.extend8_s", "none", "sign-ext", "alu", "I:I");
op(0xc3, "i64.extend16_s", "none", "sign-ext", "alu", "I:I");
op(0xc4, "i64.extend32_s", "none", "sign-ext", "alu", "I:I");

// 0xFC prefix: saturating truncation, bulk memory, table operations
const FC = 0xfc00;
["i32.trunc_sat_f32_s:f:i", "i32.trunc_sat_f32_u:f:i", "i32.trunc_sat_f64_s:F:i", "i32.trunc_sat_f64_u:F:i",
 "i64.trunc_sat_f32_s:f:I", "i64.trunc_sat_f32_u:f:I", "i64.trunc_sat_f64_s:F:I", "i64.trunc_sat_f64_u:F:I"]
  .forEach((s, k) => { const [n, p, r] = s.split(":"); op(FC | k, n, "none", "sat-float-to-int", "float", `${p}:${r}`); });
op(FC | 8, "memory.init", "data_mem", "bulk-memory", "bulk", "iii:");
op(FC | 9, "data.drop", "data", "bulk-memory", "bulk.drop", ":");
op(FC | 10, "memory.copy", "mem_mem", "bulk-memory", "bulk", "iii:");
op(FC | 11, "memory.fill", "memidx", "bulk-memory", "bulk", "iii:");
op(FC | 12, "table.init", "elem_table", "bulk-memory", "bulk", "iii:");
op(FC | 13, "elem.drop", "elem", "bulk-memory", "bulk.drop", ":");
op(FC | 14, "table.copy", "table_table", "bulk-memory", "bulk", "iii:");
op(FC | 15, "table.grow", "table", "reference-types", "table", null);
op(FC | 16, "table.size", "table", "reference-types", "table", ":i");
op(FC | 17, "table.fill", "table", "reference-types", "table", null);

/** Opcode → info. Dense arrays: one for single-byte opcodes, one for 0xFC sub-opcodes. */
export const OPS: ReadonlyArray<OpInfo | undefined> = (() => {
  const a: (OpInfo | undefined)[] = new Array(256).fill(undefined);
  for (const r of rows) if (r.code < 0x100) a[r.code] = r;
  return a;
})();
export const FC_OPS: ReadonlyArray<OpInfo | undefined> = (() => {
  const a: (OpInfo | undefined)[] = new Array(18).fill(undefined);
  for (const r of rows) if (r.code >= FC) a[r.code & 0xff] = r;
  return a;
})();

export const ALL_OPS: ReadonlyArray<OpInfo> = rows;

export function opInfo(code: number): OpInfo | undefined {
  return code >= FC ? FC_OPS[code & 0xff] : OPS[code];
}

export const OP_BY_NAME: ReadonlyMap<string, OpInfo> = new Map(rows.map((r) => [r.name, r]));

/** Opcode number by instruction name; throws on a typo (a programming error, not input). */
export function opcode(name: string): number {
  const r = OP_BY_NAME.get(name);
  if (!r) throw new Error(`unknown instruction name ${name}`);
  return r.code;
}

/** Frequently used opcode numbers, named. */
export const Op = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b,
  br: 0x0c, br_if: 0x0d, br_table: 0x0e, return: 0x0f, call: 0x10, call_indirect: 0x11,
  drop: 0x1a, select: 0x1b, select_t: 0x1c,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23, global_set: 0x24,
  memory_size: 0x3f, memory_grow: 0x40, i32_const: 0x41, i64_const: 0x42,
  i64_lt_s: 0x53, i64_lt_u: 0x54, i64_sub: 0x7d, i64_add: 0x7c, i64_mul: 0x7e, i64_shr_u: 0x88,
  i32_add: 0x6a, i32_sub: 0x6b, i32_gt_u: 0x4b, i32_gt_s: 0x4a, i64_extend_i32_u: 0xad,
  ref_null: 0xd0, ref_func: 0xd2,
  memory_init: FC | 8, data_drop: FC | 9, memory_copy: FC | 10, memory_fill: FC | 11,
  table_init: FC | 12, elem_drop: FC | 13, table_copy: FC | 14,
} as const;
