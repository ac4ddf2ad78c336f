// The binary encoder (spec §5), the inverse of vm/decode. Used by the instrumenter to
// re-encode a metered module; the output is canonical (shortest LEB128s, sections in
// order), so the same module always gives the same bytes.

import type { Instr, Limits, WasmModule } from "../wasm/module.js";
import { opInfo } from "../wasm/opcodes.js";
import { Writer } from "./writer.js";

export function encodeInstr(w: Writer, ins: Instr): void {
  const info = opInfo(ins.op);
  if (!info) throw new Error(`encodeInstr: unknown opcode ${ins.op}`);
  if (ins.op >= 0xfc00) {
    w.byte(0xfc);
    w.u32(ins.op & 0xff);
  } else {
    w.byte(ins.op);
  }
  switch (info.imm) {
    case "none": break;
    case "blocktype": w.sNum(ins.a!); break;
    case "label": case "func": case "local": case "global": case "data": case "elem": case "table":
      w.u32(ins.a!); break;
    case "br_table":
      w.u32(ins.targets!.length);
      for (const t of ins.targets!) w.u32(t);
      w.u32(ins.a!);
      break;
    case "call_indirect": w.u32(ins.a!); w.u32(ins.b!); break;
    case "memarg": w.u32(ins.b!); w.u32(ins.a!); break;
    case "memidx": w.byte(0); break;
    case "mem_mem": w.byte(0); w.byte(0); break;
    case "data_mem": w.u32(ins.a!); w.byte(0); break;
    case "elem_table": case "table_table": w.u32(ins.a!); w.u32(ins.b!); break;
    case "i32": w.sNum(ins.a!); break;
    case "i64": w.s64(ins.i64!); break;
    case "f32": {
      const v = ins.a! >>> 0;
      w.byte(v & 0xff); w.byte((v >>> 8) & 0xff); w.byte((v >>> 16) & 0xff); w.byte(v >>> 24);
      break;
    }
    case "f64": {
      let v = BigInt.asUintN(64, ins.i64!);
      for (let i = 0; i < 8; i++) { w.byte(Number(v & 0xffn)); v >>= 8n; }
      break;
    }
    case "select_t":
      w.u32(ins.targets!.length);
      for (const t of ins.targets!) w.byte(t);
      break;
    case "reftype": w.byte(ins.a!); break;
  }
}

function encodeExpr(w: Writer, body: Instr[], addEnd: boolean): void {
  for (const ins of body) encodeInstr(w, ins);
  if (addEnd) w.byte(0x0b);
}

function limits(w: Writer, l: Limits): void {
  if (l.max === undefined) { w.byte(0); w.u32(l.min); } else { w.byte(1); w.u32(l.min); w.u32(l.max); }
}

function section(out: Writer, id: number, fill: (w: Writer) => void): void {
  const w = new Writer();
  fill(w);
  const body = w.finish();
  out.byte(id);
  out.u32(body.length);
  out.bytes(body);
}

export function encodeModule(m: WasmModule): Uint8Array {
  const out = new Writer();
  out.bytes(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));
  const customsAfter = (id: number) => {
    for (const c of m.customs) if (c.after === id) section(out, 0, (w) => { w.name(c.name); w.bytes(c.bytes); });
  };
  customsAfter(0);
  const emit = (id: number, present: boolean, fill: (w: Writer) => void) => {
    if (present) section(out, id, fill);
    customsAfter(id);
  };

  emit(1, m.types.length > 0, (w) => {
    w.u32(m.types.length);
    for (const t of m.types) {
      w.byte(0x60);
      w.u32(t.params.length); for (const p of t.params) w.byte(p);
      w.u32(t.results.length); for (const r of t.results) w.byte(r);
    }
  });
  emit(2, m.imports.length > 0, (w) => {
    w.u32(m.imports.length);
    for (const imp of m.imports) {
      w.name(imp.module); w.name(imp.name);
      const d = imp.desc;
      switch (d.kind) {
        case "func": w.byte(0); w.u32(d.type); break;
        case "table": w.byte(1); w.byte(d.table.elem); limits(w, d.table.limits); break;
        case "memory": w.byte(2); limits(w, d.memory); break;
        case "global": w.byte(3); w.byte(d.global.type); w.byte(d.global.mutable ? 1 : 0); break;
      }
    }
  });
  emit(3, m.funcs.length > 0, (w) => { w.u32(m.funcs.length); for (const f of m.funcs) w.u32(f); });
  emit(4, m.tables.length > 0, (w) => {
    w.u32(m.tables.length);
    for (const t of m.tables) { w.byte(t.elem); limits(w, t.limits); }
  });
  emit(5, m.memories.length > 0, (w) => { w.u32(m.memories.length); for (const l of m.memories) limits(w, l); });
  emit(6, m.globals.length > 0, (w) => {
    w.u32(m.globals.length);
    for (const g of m.globals) { w.byte(g.type.type); w.byte(g.type.mutable ? 1 : 0); encodeExpr(w, g.init, true); }
  });
  emit(7, m.exports.length > 0, (w) => {
    w.u32(m.exports.length);
    for (const e of m.exports) {
      w.name(e.name);
      w.byte(["func", "table", "memory", "global"].indexOf(e.kind));
      w.u32(e.index);
    }
  });
  emit(8, m.start !== undefined, (w) => w.u32(m.start!));
  emit(9, m.elems.length > 0, (w) => {
    w.u32(m.elems.length);
    for (const e of m.elems) {
      w.u32(e.flags);
      const usesExprs = (e.flags & 4) !== 0;
      if (e.mode === "active") {
        if (e.flags & 2) w.u32(e.table);
        encodeExpr(w, e.offset!, true);
      }
      if (e.flags & 3) w.byte(usesExprs ? e.type : 0x00); // elemkind 0x00 = funcref for index forms
      w.u32(e.init.length);
      for (const item of e.init) {
        if (usesExprs) encodeExpr(w, item, true);
        else w.u32(item[0].a!);
      }
    }
  });
  emit(12, m.dataCount !== undefined, (w) => w.u32(m.dataCount!));
  emit(10, m.codes.length > 0, (w) => {
    w.u32(m.codes.length);
    for (const c of m.codes) {
      const fw = new Writer();
      fw.u32(c.locals.length);
      for (const l of c.locals) { fw.u32(l.count); fw.byte(l.type); }
      encodeExpr(fw, c.body, false);
      const fb = fw.finish();
      w.u32(fb.length);
      w.bytes(fb);
    }
  });
  emit(11, m.datas.length > 0, (w) => {
    w.u32(m.datas.length);
    for (const d of m.datas) {
      if (d.mode === "passive") { w.u32(1); }
      else if (d.memory !== 0) { w.u32(2); w.u32(d.memory); encodeExpr(w, d.offset!, true); }
      else { w.u32(0); encodeExpr(w, d.offset!, true); }
      w.u32(d.bytes.length);
      w.bytes(d.bytes);
    }
  });
  return out.finish();
}
