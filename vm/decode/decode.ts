// The WebAssembly 2.0 binary decoder (spec §5.5). Strict: anything malformed yields a
// DecodeError with the byte offset; the decoder itself never throws anything else.
// It checks only what the binary format rules (§5) require; typing is the validator's.

import type {
  CustomSection, Data, Elem, Export, ExternKind, FuncBody, FuncType, Global, Import, Instr,
  Limits, LocalDecl, TableType, WasmModule,
} from "../wasm/module.js";
import { DecodeError } from "../errors.js";
import { Reader } from "./reader.js";
import { readConstExpr, readExpr, readRefType, readValType } from "./instr.js";

// Required order of the non-custom sections (§5.5.2): the data count section (12) sits
// between the element (9) and code (10) sections.
const SECTION_ORDER: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 12: 10, 10: 11, 11: 12 };

/** Hard cap on a function's declared locals (§5.5.13: the total must fit in u32). */
const MAX_LOCALS = 0xffffffff;

export function decodeModule(bytes: Uint8Array): WasmModule {
  try {
    return decode(new Reader(bytes));
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    // Any other exception here is a decoder bug; surface it as a decode error at offset 0
    // rather than let an untyped exception escape to the caller.
    throw new DecodeError(0, `internal decoder error: ${(e as Error)?.message ?? String(e)}`, "decode.internal");
  }
}

function decode(r: Reader): WasmModule {
  const magic = r.bytes.length >= 4 && r.bytes[0] === 0 && r.bytes[1] === 0x61 && r.bytes[2] === 0x73 && r.bytes[3] === 0x6d;
  if (!magic) r.fail("magic header not detected", 0);
  r.pos = 4;
  if (r.bytes.length < 8) r.fail("unexpected end", r.bytes.length);
  if (r.bytes[4] !== 1 || r.bytes[5] !== 0 || r.bytes[6] !== 0 || r.bytes[7] !== 0) r.fail("unknown binary version", 4);
  r.pos = 8;

  const m: WasmModule = {
    types: [], imports: [], funcs: [], tables: [], memories: [], globals: [], exports: [],
    elems: [], codes: [], datas: [], customs: [],
  };
  let lastOrder = 0;
  let lastId = 0;
  let sawFuncSection = false;
  let sawCodeSection = false;

  while (!r.eof()) {
    const idAt = r.pos;
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    if (size > r.end - start) r.fail("length out of bounds", idAt + 1);
    const end = start + size;
    const s = new Reader(r.bytes, start, end);
    if (id === 0) {
      const name = s.name();
      m.customs.push({ name, bytes: r.bytes.slice(s.pos, end), after: lastId } satisfies CustomSection);
    } else {
      const order = SECTION_ORDER[id];
      if (order === undefined) r.fail("malformed section id", idAt);
      if (order <= lastOrder) r.fail("unexpected content after last section", idAt);
      lastOrder = order;
      switch (id) {
        case 1: readTypes(s, m); break;
        case 2: readImports(s, m); break;
        case 3: sawFuncSection = true; readFuncs(s, m); break;
        case 4: readTables(s, m); break;
        case 5: readMemories(s, m); break;
        case 6: readGlobals(s, m); break;
        case 7: readExports(s, m); break;
        case 8: m.start = s.u32(); break;
        case 9: readElems(s, m); break;
        case 12: m.dataCount = s.u32(); break;
        case 10: sawCodeSection = true; readCodes(s, m); break;
        case 11: readDatas(s, m); break;
      }
      if (s.pos !== end) r.fail("section size mismatch", s.pos);
      // Custom sections are placed after the last section the encoder will write again;
      // it omits vector sections with no entries, so an empty one does not count.
      if (sectionHasContent(m, id)) lastId = id;
    }
    r.pos = end;
  }
  if ((sawFuncSection || sawCodeSection) && m.funcs.length !== m.codes.length) {
    r.fail("function and code section have inconsistent lengths", r.pos);
  }
  if (m.dataCount !== undefined && m.dataCount !== m.datas.length) {
    r.fail("data count and data section have inconsistent lengths", r.pos);
  }
  return m;
}

function sectionHasContent(m: WasmModule, id: number): boolean {
  switch (id) {
    case 1: return m.types.length > 0;
    case 2: return m.imports.length > 0;
    case 3: return m.funcs.length > 0;
    case 4: return m.tables.length > 0;
    case 5: return m.memories.length > 0;
    case 6: return m.globals.length > 0;
    case 7: return m.exports.length > 0;
    case 9: return m.elems.length > 0;
    case 10: return m.codes.length > 0;
    case 11: return m.datas.length > 0;
    default: return true;
  }
}

function readTypes(r: Reader, m: WasmModule): void {
  const n = r.count(3);
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    if (r.u8() !== 0x60) r.fail("integer representation too long", at); // the only type form in 2.0
    const np = r.count(1);
    const params = new Array<number>(np);
    for (let k = 0; k < np; k++) params[k] = readValType(r);
    const nr = r.count(1);
    const results = new Array<number>(nr);
    for (let k = 0; k < nr; k++) results[k] = readValType(r);
    m.types.push({ params, results } satisfies FuncType);
  }
}

function readLimits(r: Reader): Limits {
  const at = r.pos;
  const flag = r.u8();
  if (flag === 0x00) return { min: r.u32() };
  if (flag === 0x01) {
    const min = r.u32();
    return { min, max: r.u32() };
  }
  if (flag === 0x02 || flag === 0x03) r.fail("shared memories are not allowed", at, "policy.threads");
  return r.fail("integer too large", at); // what the 2.0 reference interpreter reports for bad flags
}

function readTableType(r: Reader): TableType {
  const elem = readRefType(r);
  return { elem, limits: readLimits(r) };
}

function readGlobalType(r: Reader): { type: number; mutable: boolean } {
  const type = readValType(r);
  const at = r.pos;
  const mut = r.u8();
  if (mut > 1) r.fail("malformed mutability", at);
  return { type, mutable: mut === 1 };
}

function readImports(r: Reader, m: WasmModule): void {
  const n = r.count(4);
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const at = r.pos;
    const kind = r.u8();
    let imp: Import;
    switch (kind) {
      case 0: imp = { module, name, desc: { kind: "func", type: r.u32() } }; break;
      case 1: imp = { module, name, desc: { kind: "table", table: readTableType(r) } }; break;
      case 2: imp = { module, name, desc: { kind: "memory", memory: readLimits(r) } }; break;
      case 3: imp = { module, name, desc: { kind: "global", global: readGlobalType(r) } }; break;
      default: r.fail("malformed import kind", at);
    }
    m.imports.push(imp);
  }
}

function readFuncs(r: Reader, m: WasmModule): void {
  const n = r.count(1);
  for (let i = 0; i < n; i++) m.funcs.push(r.u32());
}

function readTables(r: Reader, m: WasmModule): void {
  const n = r.count(3);
  for (let i = 0; i < n; i++) m.tables.push(readTableType(r));
}

function readMemories(r: Reader, m: WasmModule): void {
  const n = r.count(2);
  for (let i = 0; i < n; i++) m.memories.push(readLimits(r));
}

function readGlobals(r: Reader, m: WasmModule): void {
  const n = r.count(3);
  for (let i = 0; i < n; i++) {
    const type = readGlobalType(r);
    m.globals.push({ type, init: readConstExpr(r) } satisfies Global);
  }
}

const EXPORT_KINDS: ExternKind[] = ["func", "table", "memory", "global"];

function readExports(r: Reader, m: WasmModule): void {
  const n = r.count(3);
  for (let i = 0; i < n; i++) {
    const name = r.name();
    const at = r.pos;
    const k = r.u8();
    const kind = EXPORT_KINDS[k];
    if (!kind) r.fail("malformed export kind", at);
    m.exports.push({ name, kind, index: r.u32() } satisfies Export);
  }
}

function funcIndexVec(r: Reader): Instr[][] {
  const n = r.count(1);
  const out: Instr[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = [{ op: 0xd2, a: r.u32() }];
  return out;
}

function exprVec(r: Reader): Instr[][] {
  const n = r.count(2);
  const out: Instr[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = readConstExpr(r);
  return out;
}

function readElemKind(r: Reader): number {
  const at = r.pos;
  if (r.u8() !== 0x00) r.fail("malformed element kind", at);
  return 0x70;
}

// Element segment encodings 0..7 (§5.5.12): bit 0 passive/declarative, bit 1 explicit
// table index (active) or declarative (passive), bit 2 expressions instead of indices.
function readElems(r: Reader, m: WasmModule): void {
  const n = r.count(2);
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const flags = r.u32();
    let e: Elem;
    switch (flags) {
      case 0: { const offset = readConstExpr(r); e = { mode: "active", table: 0, offset, type: 0x70, init: funcIndexVec(r), flags }; break; }
      case 1: { const type = readElemKind(r); e = { mode: "passive", table: 0, type, init: funcIndexVec(r), flags }; break; }
      case 2: { const table = r.u32(); const offset = readConstExpr(r); const type = readElemKind(r); e = { mode: "active", table, offset, type, init: funcIndexVec(r), flags }; break; }
      case 3: { const type = readElemKind(r); e = { mode: "declarative", table: 0, type, init: funcIndexVec(r), flags }; break; }
      case 4: { const offset = readConstExpr(r); e = { mode: "active", table: 0, offset, type: 0x70, init: exprVec(r), flags }; break; }
      case 5: { const type = readRefType(r); e = { mode: "passive", table: 0, type, init: exprVec(r), flags }; break; }
      case 6: { const table = r.u32(); const offset = readConstExpr(r); const type = readRefType(r); e = { mode: "active", table, offset, type, init: exprVec(r), flags }; break; }
      case 7: { const type = readRefType(r); e = { mode: "declarative", table: 0, type, init: exprVec(r), flags }; break; }
      default: r.fail("malformed elements segment kind", at);
    }
    m.elems.push(e);
  }
}

function readCodes(r: Reader, m: WasmModule): void {
  const n = r.count(1);
  for (let i = 0; i < n; i++) {
    const size = r.u32();
    const start = r.pos;
    if (size > r.end - start) r.fail("unexpected end of section or function", start);
    const end = start + size;
    const f = new Reader(r.bytes, start, end);
    const nd = f.count(2);
    const locals: LocalDecl[] = [];
    let total = 0;
    for (let k = 0; k < nd; k++) {
      const at = f.pos;
      const count = f.u32();
      total += count;
      if (total > MAX_LOCALS) f.fail("too many locals", at);
      locals.push({ count, type: readValType(f) });
    }
    const body: Instr[] = [];
    readExpr(f, body);
    // memory.init and data.drop need the data count section (§5.5.13): without it the
    // binary is malformed, since a one-pass compiler could not check the data index.
    if (m.dataCount === undefined) {
      for (const ins of body) {
        if (ins.op === 0xfc08 || ins.op === 0xfc09) f.fail("data count section required", start);
      }
    }
    if (f.pos !== end) f.fail("section size mismatch", f.pos);
    m.codes.push({ locals, body } satisfies FuncBody);
    r.pos = end;
  }
}

function readDatas(r: Reader, m: WasmModule): void {
  const n = r.count(1);
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const flags = r.u32();
    let d: Data;
    switch (flags) {
      case 0: { const offset = readConstExpr(r); d = { mode: "active", memory: 0, offset, bytes: r.take(r.count(1)).slice() }; break; }
      case 1: d = { mode: "passive", memory: 0, bytes: r.take(r.count(1)).slice() }; break;
      case 2: { const memory = r.u32(); const offset = readConstExpr(r); d = { mode: "active", memory, offset, bytes: r.take(r.count(1)).slice() }; break; }
      default: r.fail("malformed data segment kind", at);
    }
    m.datas.push(d);
  }
}
