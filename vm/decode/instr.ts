// Instruction decoding (spec §5.4). Produces the flat `Instr` list used by every later
// layer; structured nesting is tracked only to find the end of the expression.

import type { Instr } from "../wasm/module.js";
import { FC_OPS, OPS, type OpInfo } from "../wasm/opcodes.js";
import type { Reader } from "./reader.js";

const PREFIX_RULES: Record<number, [string, string]> = {
  0xfb: ["policy.gc", "GC instructions are not allowed"],
  0xfd: ["policy.simd", "SIMD instructions are not allowed"],
  0xfe: ["policy.threads", "atomic (threads) instructions are not allowed"],
};

/**
 * Reads a value type byte (§5.3.1). v128 is refused here with a policy rule, because
 * nothing after the decoder would know what to do with it.
 */
export function readValType(r: Reader): number {
  const at = r.pos;
  const t = r.u8();
  switch (t) {
    case 0x7f: case 0x7e: case 0x7d: case 0x7c: case 0x70: case 0x6f:
      return t;
    case 0x7b:
      return r.fail("v128 values are not allowed", at, "policy.simd");
    default:
      return r.fail(`malformed value type 0x${t.toString(16)}`, at);
  }
}

export function readRefType(r: Reader): number {
  const at = r.pos;
  const t = r.u8();
  if (t !== 0x70 && t !== 0x6f) r.fail(`malformed reference type 0x${t.toString(16)}`, at);
  return t;
}

function readBlockType(r: Reader): number {
  const at = r.pos;
  const b = r.bytes[r.pos];
  if (b === 0x40) { r.pos++; return -64; }
  if (b === 0x7b) r.fail("v128 values are not allowed", at, "policy.simd");
  const v = r.sN(33);
  if (v < 0 && ![-1, -2, -3, -4, -16, -17].includes(v)) r.fail("malformed block type", at);
  return v;
}

function readOne(r: Reader, info: OpInfo, code: number): Instr {
  const ins: Instr = { op: code };
  switch (info.imm) {
    case "none":
      break;
    case "blocktype":
      ins.a = readBlockType(r);
      break;
    case "label": case "func": case "local": case "global": case "data": case "elem": case "table":
      ins.a = r.u32();
      break;
    case "br_table": {
      const n = r.count(1);
      const targets = new Array<number>(n);
      for (let i = 0; i < n; i++) targets[i] = r.u32();
      ins.targets = targets;
      ins.a = r.u32();
      break;
    }
    case "call_indirect":
      ins.a = r.u32();
      ins.b = r.u32();
      break;
    case "memarg": {
      const at = r.pos;
      const align = r.u32();
      // Bit 6 of the alignment would select a memory index (multi-memory); not in Wasm 2.0.
      if (align >= 64) r.fail("malformed memop flags", at);
      ins.b = align;
      ins.a = r.u32();
      break;
    }
    case "memidx": {
      // Wasm 2.0 encodes the memory index of memory.size/grow/fill as a single zero byte.
      const at = r.pos;
      if (r.u8() !== 0) r.fail("zero byte expected", at);
      ins.a = 0;
      break;
    }
    case "mem_mem": {
      const at = r.pos;
      if (r.u8() !== 0 || r.u8() !== 0) r.fail("zero byte expected", at);
      ins.a = 0;
      ins.b = 0;
      break;
    }
    case "data_mem": {
      ins.a = r.u32();
      const at = r.pos;
      if (r.u8() !== 0) r.fail("zero byte expected", at);
      ins.b = 0;
      break;
    }
    case "elem_table": case "table_table":
      ins.a = r.u32();
      ins.b = r.u32();
      break;
    case "i32":
      ins.a = r.sN(32);
      break;
    case "i64":
      ins.i64 = r.sBig(64);
      break;
    case "f32":
      ins.a = r.f32bits();
      break;
    case "f64":
      ins.i64 = r.f64bits();
      break;
    case "select_t": {
      const n = r.count(1);
      const ts = new Array<number>(n);
      for (let i = 0; i < n; i++) ts[i] = readValType(r);
      ins.targets = ts;
      break;
    }
    case "reftype":
      ins.a = readRefType(r);
      break;
  }
  return ins;
}

/**
 * Reads instructions up to and including the `end` that closes the expression.
 * `out` receives them; the final `end` is pushed too.
 */
export function readExpr(r: Reader, out: Instr[]): void {
  let depth = 1;
  for (;;) {
    const at = r.pos;
    const b = r.u8();
    let info: OpInfo | undefined;
    let code = b;
    if (b === 0xfc) {
      const sub = r.u32();
      info = sub < FC_OPS.length ? FC_OPS[sub] : undefined;
      code = 0xfc00 | sub;
      if (!info) r.fail(`illegal opcode 0xfc ${sub}`, at);
    } else {
      info = OPS[b];
      if (!info) {
        const p = PREFIX_RULES[b];
        if (p) r.fail(p[1], at, p[0]);
        r.fail(`illegal opcode 0x${b.toString(16)}`, at);
      }
    }
    const ins = readOne(r, info, code);
    out.push(ins);
    if (b === 0x02 || b === 0x03 || b === 0x04) depth++;
    else if (b === 0x0b && --depth === 0) return;
  }
}

/** A constant expression (globals, segment offsets), returned without its final `end`. */
export function readConstExpr(r: Reader): Instr[] {
  const out: Instr[] = [];
  readExpr(r, out);
  out.pop();
  return out;
}
