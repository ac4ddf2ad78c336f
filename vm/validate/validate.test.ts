// Spec rules (Wasm 2.0 §3), each with an accepted and a refused module, validated under
// pure spec validation so that the policy does not hide them.

import wabtInit from "wabt";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { decodeModule } from "../decode/decode.js";
import { BLOCK_EMPTY, I32, I64, type WasmModule, type Instr } from "../wasm/module.js";
import { Op } from "../wasm/opcodes.js";
import { validateModule } from "./validate.js";
import { DEFAULT_LIMITS, type Policy, type PolicyLimits } from "./policy.js";

const wabt = await wabtInit();
const FEATURES = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true, reference_types: true };

/** Compile text to a decoded module (wabt in tests only; it does not validate, so invalid text is fine). */
function wat(text: string): WasmModule {
  return decodeModule(new Uint8Array(wabt.parseWat("t.wat", text, FEATURES).toBinary({}).buffer));
}

const SPEC_ONLY: Policy = {
  allowFloat: true,
  allowReferenceTypes: true,
  hostImport: "any",
  limits: Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, Infinity])) as unknown as PolicyLimits,
};

/** The rule a module is refused with, or "ok". */
function verdict(m: WasmModule, policy: Policy = SPEC_ONLY): string {
  try {
    validateModule(m, { policy });
    return "ok";
  } catch (e) {
    if (e instanceof ValidationError) return e.rule;
    throw e;
  }
}

function emptyModule(): WasmModule {
  return { types: [], imports: [], funcs: [], tables: [], memories: [], globals: [], exports: [], elems: [], codes: [], datas: [], customs: [] };
}

/** One function `[params] -> [results]` with the given body (final `end` appended). */
function oneFunc(params: number[], results: number[], body: Instr[], extra: Partial<WasmModule> = {}): WasmModule {
  return { ...emptyModule(), types: [{ params, results }], funcs: [0], codes: [{ locals: [], body: [...body, { op: Op.end }] }], ...extra };
}

describe("operand stack and control frames (§3.3, §A.3)", () => {
  it("types plain instructions", () => {
    expect(verdict(wat(`(module (func (result i32) (i32.add (i32.const 1) (i32.const 2))))`))).toBe("ok");
    expect(verdict(wat(`(module (func (result i32) (i32.add (i32.const 1) (i64.const 2))))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (result i32) (i32.const 1) (i32.const 2)))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (result i32)))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (i32.eqz)))`))).toBe("spec.type-mismatch");
  });

  it("makes the stack polymorphic after unreachable, br and return", () => {
    expect(verdict(wat(`(module (func (result i32) unreachable i32.add))`))).toBe("ok");
    expect(verdict(wat(`(module (func (result i64) (block (result i64) (i64.const 1) (br 1))))`))).toBe("ok");
    expect(verdict(wat(`(module (func (result i64) (block (br 1)) (i64.const 0)))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (result i32) (i32.const 0) return i64.eqz))`))).toBe("ok");
    expect(verdict(wat(`(module (func (result i32) return i64.eqz))`))).toBe("spec.type-mismatch");
    // Known values above the polymorphic base are still typed.
    expect(verdict(wat(`(module (func (result i32) unreachable (i64.const 0) i32.add))`))).toBe("spec.type-mismatch");
    // Polymorphism is per frame: it ends with the block.
    expect(verdict(wat(`(module (func (result i32) (block unreachable) i32.eqz))`))).toBe("spec.type-mismatch");
  });

  it("handles block types with parameters (multi-value)", () => {
    const ok = `(module (type $t (func (param i32 i64) (result i64 i32)))
      (func (result i64 i32) (i32.const 1) (i64.const 2) (block (type $t) (param i32 i64) (result i64 i32) (drop) (drop) (i64.const 3) (i32.const 4))))`;
    expect(verdict(wat(ok))).toBe("ok");
    const loopParam = `(module (func (param i32) (local.get 0) (loop (param i32) (br_if 0 (i32.eqz)) )))`;
    expect(verdict(wat(loopParam))).toBe("spec.type-mismatch"); // br_if 0 to a loop needs its i32 param
    const loopOk = `(module (func (param i32) (local.get 0) (loop (param i32) (local.get 0) (br_if 0) (drop))))`;
    expect(verdict(wat(loopOk))).toBe("ok");
    const missingParam = `(module (type $t (func (param i32) (result i32))) (func (result i32) (block (type $t) (param i32) (result i32))))`;
    expect(verdict(wat(missingParam))).toBe("spec.type-mismatch");
  });

  it("requires if without else to have type [t*] -> [t*]", () => {
    expect(verdict(wat(`(module (func (result i32) (i32.const 0) (if (result i32) (then (i32.const 1)))))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (result i32) (i32.const 0) (if (result i32) (then (i32.const 1)) (else (i32.const 2)))))`))).toBe("ok");
    expect(verdict(wat(`(module (func (param i32) (result i32) (local.get 0) (local.get 0) (if (param i32) (result i32) (then))))`))).toBe("ok");
    expect(verdict(oneFunc([], [], [{ op: Op.else }]))).toBe("spec.else-without-if");
  });

  it("checks branch labels and their types", () => {
    expect(verdict(wat(`(module (func (block (br 1))))`))).toBe("ok");
    expect(verdict(wat(`(module (func (block (br 2))))`))).toBe("spec.unknown-label");
    expect(verdict(wat(`(module (func (result i32) (block (result i32) (br 0 (i64.const 0)))))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (result i32) (block (result i32) (br_if 0 (i32.const 1) (i32.const 1)))))`))).toBe("ok");
    expect(verdict(wat(`(module (func (result i32) (block (result i32) (br_if 0 (i32.const 1)))))`))).toBe("spec.type-mismatch");
  });

  it("checks br_table targets for equal arity and types", () => {
    const ok = `(module (func (param i32) (result i32) (block (result i32) (block (result i32) (br_table 0 1 0 (i32.const 7) (local.get 0)))) ))`;
    expect(verdict(wat(ok))).toBe("ok");
    const arity = `(module (func (param i32) (result i32) (block (result i32) (block (br_table 0 1 (i32.const 7) (local.get 0))) (i32.const 0))))`;
    expect(verdict(wat(arity))).toBe("spec.type-mismatch");
    const types = `(module (func (param i32) (result i32) (block (result i32) (drop (block (result i64) (br_table 0 1 (i64.const 7) (local.get 0)))) (i32.const 0))))`;
    expect(verdict(wat(types))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (param i32) (block (br_table 0 3 (local.get 0)))))`))).toBe("spec.unknown-label");
    // In unreachable code the operand is Unknown and satisfies both label types (spec 2.0, §A.3).
    const poly = `(module (func (param i32) (result i32) (block (result i32) (drop (block (result i64) unreachable (br_table 0 1 (local.get 0)))) (i32.const 0))))`;
    expect(verdict(wat(poly))).toBe("ok");
  });

  it("checks the function's final end and balanced frames", () => {
    const m = oneFunc([], [], []);
    m.codes[0].body.push({ op: Op.nop });
    expect(verdict(m)).toBe("spec.unbalanced-control");
    expect(verdict({ ...oneFunc([], [], []), codes: [{ locals: [], body: [{ op: Op.block, a: BLOCK_EMPTY }, { op: Op.end }] }] })).toBe("spec.unbalanced-control");
  });

  it("checks calls and call_indirect", () => {
    const calls = `(module (func $f (param i32 i64) (result i32) (local.get 0)) (func (result i32) (call $f (i32.const 1) (i64.const 2))))`;
    expect(verdict(wat(calls))).toBe("ok");
    expect(verdict(wat(`(module (func $f (param i32 i64) (result i32) (local.get 0)) (func (result i32) (call $f (i64.const 1) (i64.const 2))))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (call 7)))`))).toBe("spec.unknown-func");
    const ci = `(module (type $t (func (param i64) (result i32))) (table 1 funcref) (func (result i32) (call_indirect (type $t) (i64.const 1) (i32.const 0))))`;
    expect(verdict(wat(ci))).toBe("ok");
    expect(verdict(wat(`(module (type $t (func)) (func (call_indirect (type $t) (i32.const 0))))`))).toBe("spec.unknown-table");
    expect(verdict(wat(`(module (type $t (func)) (table 1 externref) (func (call_indirect (type $t) (i32.const 0))))`))).toBe("spec.type-mismatch");
    expect(verdict(oneFunc([], [], [{ op: Op.i32_const, a: 0 }, { op: Op.call_indirect, a: 5, b: 0 }], { tables: [{ elem: 0x70, limits: { min: 1 } }] }))).toBe("spec.unknown-type");
  });

  it("checks locals and globals", () => {
    expect(verdict(wat(`(module (func (param i32) (local i64) (local.set 1 (i64.const 0)) (drop (local.get 0))))`))).toBe("ok");
    expect(verdict(wat(`(module (func (param i32) (local i64) (local.set 1 (i32.const 0))))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (param i32) (local i64) (drop (local.get 2))))`))).toBe("spec.unknown-local");
    // Many declaration runs: the lookup must find the right run.
    const locals = oneFunc([I32], [I64], [{ op: Op.local_get, a: 5 }], { codes: [] });
    locals.codes = [{ locals: [{ count: 2, type: I32 }, { count: 0, type: I32 }, { count: 2, type: I64 }, { count: 3, type: I32 }], body: [{ op: Op.local_get, a: 4 }, { op: Op.end }] }];
    expect(verdict(locals)).toBe("ok");
    locals.codes[0].body[0].a = 5;
    expect(verdict(locals)).toBe("spec.type-mismatch");
    locals.codes[0].body[0].a = 8;
    expect(verdict(locals)).toBe("spec.unknown-local");
    expect(verdict(wat(`(module (global $g (mut i32) (i32.const 0)) (func (global.set $g (i32.const 1))))`))).toBe("ok");
    expect(verdict(wat(`(module (global $g i32 (i32.const 0)) (func (global.set $g (i32.const 1))))`))).toBe("spec.immutable-global");
    expect(verdict(wat(`(module (func (drop (global.get 0))))`))).toBe("spec.unknown-global");
  });

  it("checks memory instructions: a memory must exist, alignment ≤ natural", () => {
    expect(verdict(wat(`(module (memory 1) (func (drop (i64.load align=8 (i32.const 0)))))`))).toBe("ok");
    expect(verdict(wat(`(module (func (drop (i32.load (i32.const 0)))))`))).toBe("spec.unknown-memory");
    expect(verdict(wat(`(module (func (drop (memory.size))))`))).toBe("spec.unknown-memory");
    const load = (align: number) => oneFunc([], [], [{ op: Op.i32_const, a: 0 }, { op: 0x28, a: 0, b: align }, { op: Op.drop }], { memories: [{ min: 1 }] });
    expect(verdict(load(2))).toBe("ok");
    expect(verdict(load(3))).toBe("spec.alignment");
    const store8 = (align: number) => oneFunc([], [], [{ op: Op.i32_const, a: 0 }, { op: Op.i32_const, a: 0 }, { op: 0x3a, a: 0, b: align }], { memories: [{ min: 1 }] });
    expect(verdict(store8(0))).toBe("ok");
    expect(verdict(store8(1))).toBe("spec.alignment");
  });

  it("requires the data count section for memory.init and data.drop", () => {
    const withCount = `(module (memory 1) (data "abc") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop 0)))`;
    const m = wat(withCount);
    expect(m.dataCount).toBe(1);
    expect(verdict(m)).toBe("ok");
    expect(verdict({ ...m, dataCount: undefined })).toBe("spec.data-count-required");
    expect(verdict(wat(`(module (memory 1) (data "abc") (func (data.drop 1)))`))).toBe("spec.unknown-data");
    expect(verdict(wat(`(module (memory 1) (func (memory.copy (i32.const 0) (i32.const 0) (i32.const 1)) (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))))`))).toBe("ok");
  });

  it("checks table.init / elem.drop / table.copy", () => {
    const ok = `(module (table 2 funcref) (func $f) (elem func $f) (func (table.init 0 (i32.const 0) (i32.const 0) (i32.const 1)) (elem.drop 0) (table.copy (i32.const 0) (i32.const 1) (i32.const 1))))`;
    expect(verdict(wat(ok))).toBe("ok");
    expect(verdict(wat(`(module (table 2 funcref) (func (elem.drop 0)))`))).toBe("spec.unknown-elem");
    expect(verdict(wat(`(module (table 2 externref) (func $f) (elem func $f) (func (table.init 0 (i32.const 0) (i32.const 0) (i32.const 1))))`))).toBe("spec.type-mismatch");
  });

  it("types select: untyped only on numbers, typed with one type", () => {
    expect(verdict(wat(`(module (func (result i64) (select (i64.const 1) (i64.const 2) (i32.const 0))))`))).toBe("ok");
    expect(verdict(wat(`(module (func (result i64) (select (i64.const 1) (i32.const 2) (i32.const 0))))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (result funcref) (select (ref.null func) (ref.null func) (i32.const 0))))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (func (result funcref) (select (result funcref) (ref.null func) (ref.null func) (i32.const 0))))`))).toBe("ok");
    expect(verdict(oneFunc([], [], [{ op: Op.unreachable }, { op: 0x1c, targets: [I32, I32] }, { op: Op.drop }]))).toBe("spec.invalid-select-type");
    expect(verdict(wat(`(module (func (result i32) unreachable select))`))).toBe("ok");
  });

  it("allows ref.func only for declared functions (C.refs)", () => {
    expect(verdict(wat(`(module (func $f) (elem declare func $f) (func (drop (ref.func $f))))`))).toBe("ok");
    expect(verdict(wat(`(module (func $f) (export "f" (func $f)) (func (drop (ref.func $f))))`))).toBe("ok");
    expect(verdict(wat(`(module (func $f) (func (drop (ref.func $f))))`))).toBe("spec.undeclared-function-reference");
    expect(verdict(wat(`(module (func $f) (start $f) (func (drop (ref.func $f))))`))).toBe("spec.undeclared-function-reference");
  });
});

describe("module-level rules (§3.2, §3.4)", () => {
  it("checks limits and the single memory", () => {
    expect(verdict({ ...emptyModule(), memories: [{ min: 1, max: 65536 }] })).toBe("ok");
    expect(verdict({ ...emptyModule(), memories: [{ min: 65537 }] })).toBe("spec.limits");
    expect(verdict({ ...emptyModule(), memories: [{ min: 1, max: 65537 }] })).toBe("spec.limits");
    expect(verdict({ ...emptyModule(), memories: [{ min: 2, max: 1 }] })).toBe("spec.limits");
    expect(verdict({ ...emptyModule(), memories: [{ min: 1 }, { min: 1 }] })).toBe("spec.multiple-memories");
    expect(verdict({ ...emptyModule(), tables: [{ elem: 0x70, limits: { min: 3, max: 2 } }] })).toBe("spec.limits");
    expect(verdict({ ...emptyModule(), tables: [{ elem: I32, limits: { min: 1 } }] })).toBe("spec.invalid-table-type");
  });

  it("checks constant expressions", () => {
    expect(verdict(wat(`(module (import "m" "g" (global i32)) (global i32 (global.get 0)))`))).toBe("ok");
    expect(verdict(wat(`(module (global i32 (i32.const 0)) (global i32 (global.get 0)))`))).toBe("spec.unknown-global");
    expect(verdict(wat(`(module (import "m" "g" (global (mut i32))) (global i32 (global.get 0)))`))).toBe("spec.constant-expression");
    expect(verdict(wat(`(module (global i32 (i32.add (i32.const 0) (i32.const 1))))`))).toBe("spec.constant-expression");
    expect(verdict(wat(`(module (global i32 (i64.const 0)))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (global i32))`))).toBe("spec.type-mismatch"); // empty initialiser
    expect(verdict(wat(`(module (memory 1) (data (i64.const 0) "x"))`))).toBe("spec.type-mismatch");
    expect(verdict(wat(`(module (table 1 funcref) (func $f) (elem (i32.const 0) $f))`))).toBe("ok");
    expect(verdict(wat(`(module (func $f) (elem (i32.const 0) $f))`))).toBe("spec.unknown-table");
    expect(verdict(wat(`(module (data (i32.const 0) "x"))`))).toBe("spec.unknown-memory");
  });

  it("checks exports and the start function", () => {
    expect(verdict(wat(`(module (func $f) (export "a" (func $f)) (export "b" (func $f)) (start $f))`))).toBe("ok");
    expect(verdict(wat(`(module (func $f) (export "a" (func $f)) (export "a" (func $f)))`))).toBe("spec.duplicate-export");
    expect(verdict({ ...emptyModule(), exports: [{ name: "m", kind: "memory", index: 0 }] })).toBe("spec.unknown-memory");
    expect(verdict(wat(`(module (func $f (param i32)) (start $f))`))).toBe("spec.start-function");
    expect(verdict(wat(`(module (func $f (result i32) (i32.const 0)) (start $f))`))).toBe("spec.start-function");
    expect(verdict({ ...emptyModule(), start: 0 })).toBe("spec.unknown-func");
  });

  it("checks that every declared function has a body and type indices exist", () => {
    expect(verdict({ ...emptyModule(), types: [{ params: [], results: [] }], funcs: [0] })).toBe("spec.function-code-mismatch");
    expect(verdict({ ...emptyModule(), funcs: [3], codes: [{ locals: [], body: [{ op: Op.end }] }] })).toBe("spec.unknown-type");
  });

  it("refuses a structurally broken module object with the typed error", () => {
    const broken = { ...emptyModule(), types: undefined } as unknown as WasmModule;
    expect(verdict(broken)).toBe("spec.malformed-structure");
    expect(verdict(oneFunc([], [], [{ op: 0x1fc00 }]))).toBe("spec.unknown-opcode");
    expect(verdict(oneFunc([], [], [{ op: Op.block }]))).toBe("spec.malformed-structure");
    expect(verdict(oneFunc([], [], [{ op: Op.br_table, a: 0 }]))).toBe("spec.malformed-structure");
  });
});
