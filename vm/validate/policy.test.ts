// The deterministic policy (DESIGN §2, §5): each rule accepted and refused under DEFAULT_POLICY,
// and each refusal named by its rule.

import wabtInit from "wabt";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { decodeModule } from "../decode/decode.js";
import { EXTERNREF, F32, F64, FUNCREF, I32, I64, valTypeName, type Instr, type ValType, type WasmModule } from "../wasm/module.js";
import { Op } from "../wasm/opcodes.js";
import { HOST_FUNCTIONS, HOST_MODULE } from "../../stdlib/host/table.js";
import { validateModule } from "./validate.js";
import { DEFAULT_POLICY, hostImportsFrom, type Policy } from "./policy.js";

const wabt = await wabtInit();
const FEATURES = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true, reference_types: true, sat_float_to_int: true };

function wat(text: string): WasmModule {
  return decodeModule(new Uint8Array(wabt.parseWat("t.wat", text, FEATURES).toBinary({}).buffer));
}

function verdict(m: WasmModule, policy: Policy = DEFAULT_POLICY): string {
  try {
    validateModule(m, { policy });
    return "ok";
  } catch (e) {
    if (e instanceof ValidationError) return e.rule;
    throw e;
  }
}

function oneFunc(params: ValType[], results: ValType[], body: Instr[], extra: Partial<WasmModule> = {}): WasmModule {
  return {
    types: [{ params, results }], imports: [], funcs: [0], tables: [], memories: [], globals: [], exports: [], elems: [],
    codes: [{ locals: [], body: [...body, { op: Op.end }] }], datas: [], customs: [], ...extra,
  };
}

const wt = (t: ValType) => valTypeName(t);

describe("policy.float", () => {
  it("accepts integer-only code", () => {
    expect(verdict(wat(`(module (func (param i32 i64) (result i64) (i64.add (local.get 1) (i64.extend_i32_u (local.get 0)))))`))).toBe("ok");
  });

  it.each([F32, F64])("refuses %s in types, locals, globals, block types and select", (t) => {
    expect(verdict(wat(`(module (func (param ${wt(t)})))`))).toBe("policy.float");
    expect(verdict(wat(`(module (type (func (result ${wt(t)}))))`))).toBe("policy.float"); // unused type
    expect(verdict(wat(`(module (func (local ${wt(t)})))`))).toBe("policy.float");
    expect(verdict(wat(`(module (global ${wt(t)} (${wt(t)}.const 0)))`))).toBe("policy.float");
    expect(verdict(oneFunc([], [], [{ op: Op.block, a: t - 0x80 }, { op: Op.unreachable }, { op: Op.end }]))).toBe("policy.float");
    expect(verdict(oneFunc([], [], [{ op: Op.unreachable }, { op: Op.select_t, targets: [t] }, { op: Op.drop }]))).toBe("policy.float");
  });

  it("refuses float and saturating-truncation instructions even without float types", () => {
    expect(verdict(wat(`(module (func (result i32) (i32.reinterpret_f32 (f32.const 1))))`))).toBe("policy.float");
    expect(verdict(wat(`(module (memory 1) (func (result i64) (i64.reinterpret_f64 (f64.load (i32.const 0)))))`))).toBe("policy.float");
    expect(verdict(wat(`(module (func (result i32) unreachable f32.add i32.trunc_f32_s))`))).toBe("policy.float");
    expect(verdict(wat(`(module (func (result i32) unreachable i32.trunc_sat_f64_u))`))).toBe("policy.float");
  });

  it("accepts the same float module when the policy allows floats", () => {
    const m = wat(`(module (func (param f64) (result f32) (f32.demote_f64 (local.get 0))))`);
    expect(verdict(m)).toBe("policy.float");
    expect(verdict(m, { ...DEFAULT_POLICY, allowFloat: true })).toBe("ok");
  });
});

describe("policy.reference-types", () => {
  it("accepts the MVP table: one funcref table, active segments, call_indirect", () => {
    const m = wat(`(module (type $t (func (result i32))) (table 2 funcref) (func $a (result i32) (i32.const 1))
      (elem (i32.const 0) $a $a) (func (result i32) (call_indirect (type $t) (i32.const 1))))`);
    expect(verdict(m)).toBe("ok");
  });

  it("accepts bulk-memory table ops and expression-item segments of ref.func / ref.null func", () => {
    const m = wat(`(module (table 4 funcref) (func $a)
      (elem $p funcref (ref.func $a) (ref.null func))
      (elem (i32.const 0) funcref (ref.func $a))
      (func (table.init $p (i32.const 0) (i32.const 0) (i32.const 2)) (elem.drop $p)
            (table.copy (i32.const 2) (i32.const 0) (i32.const 2))))`);
    expect(m.elems[0].flags).toBeGreaterThanOrEqual(4);
    expect(verdict(m)).toBe("ok");
  });

  it("refuses reference-types instructions in bodies", () => {
    const cases = [
      `(module (func $f) (elem declare func $f) (func (drop (ref.func $f))))`,
      `(module (func (drop (ref.null func))))`,
      `(module (func (result i32) unreachable ref.is_null))`,
      `(module (table 1 funcref) (func (drop (table.get 0 (i32.const 0)))))`,
      `(module (table 1 funcref) (func (table.set 0 (i32.const 0) (ref.null func))))`,
      `(module (table 1 funcref) (func (drop (table.size 0))))`,
      `(module (table 1 funcref) (func (drop (table.grow 0 (ref.null func) (i32.const 1)))))`,
      `(module (table 1 funcref) (func (table.fill 0 (i32.const 0) (ref.null func) (i32.const 1))))`,
      `(module (func (result i32) (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0))))`,
    ];
    for (const c of cases) expect([c, verdict(wat(c))]).toEqual([c, "policy.reference-types"]);
  });

  it("refuses reference values, externref, several tables and non-funcref tables", () => {
    expect(verdict(wat(`(module (func (param externref)))`))).toBe("policy.reference-types");
    expect(verdict(wat(`(module (func (param funcref)))`))).toBe("policy.reference-types");
    expect(verdict(wat(`(module (func (local funcref)))`))).toBe("policy.reference-types");
    expect(verdict(wat(`(module (global funcref (ref.null func)))`))).toBe("policy.reference-types");
    expect(verdict(wat(`(module (table 1 externref))`))).toBe("policy.reference-types");
    expect(verdict(wat(`(module (table 1 funcref) (table 1 funcref))`))).toBe("policy.reference-types");
    const ext = oneFunc([], [], [], { tables: [{ elem: FUNCREF, limits: { min: 1 } }], elems: [{ mode: "passive", table: 0, type: EXTERNREF, init: [], flags: 5 }] });
    expect(verdict(ext)).toBe("policy.reference-types");
    expect(verdict(oneFunc([], [], [{ op: Op.block, a: FUNCREF - 0x80 }, { op: Op.unreachable }, { op: Op.end }]))).toBe("policy.reference-types");
  });
});

describe("policy.import", () => {
  const host = HOST_FUNCTIONS[0];
  const sig = (ps: readonly ValType[], rs: readonly ValType[]) =>
    `(param ${ps.map(wt).join(" ")}) (result ${rs.map(wt).join(" ")})`;

  it("accepts a host function with its exact signature", () => {
    expect(verdict(wat(`(module (import "${HOST_MODULE}" "${host.name}" (func ${sig(host.params, host.results)})))`))).toBe("ok");
  });

  it("refuses other modules, unknown names, wrong signatures and non-function imports", () => {
    expect(verdict(wat(`(module (import "env" "${host.name}" (func ${sig(host.params, host.results)})))`))).toBe("policy.import");
    expect(verdict(wat(`(module (import "${HOST_MODULE}" "no_such_function_xyz" (func)))`))).toBe("policy.import");
    expect(verdict(wat(`(module (import "${HOST_MODULE}" "${host.name}" (func ${sig([...host.params, I64], host.results)})))`))).toBe("policy.import");
    expect(verdict(wat(`(module (import "${HOST_MODULE}" "${host.name}" (func ${sig(host.params, [...host.results, I32])})))`))).toBe("policy.import");
    expect(verdict(wat(`(module (import "${HOST_MODULE}" "memory" (memory 1)))`))).toBe("policy.import");
    expect(verdict(wat(`(module (import "${HOST_MODULE}" "t" (table 1 funcref)))`))).toBe("policy.import");
    expect(verdict(wat(`(module (import "${HOST_MODULE}" "g" (global i32)))`))).toBe("policy.import");
  });

  it("uses the policy's resolver", () => {
    const policy: Policy = { ...DEFAULT_POLICY, hostImport: hostImportsFrom("env", [{ name: "f", params: [I32], results: [I64] }]) };
    expect(verdict(wat(`(module (import "env" "f" (func (param i32) (result i64))))`), policy)).toBe("ok");
    expect(verdict(wat(`(module (import "env" "f" (func (param i64) (result i64))))`), policy)).toBe("policy.import");
    expect(verdict(wat(`(module (import "env" "g" (func (param i32) (result i64))))`), policy)).toBe("policy.import");
  });
});

describe("what the policy allows", () => {
  it("allows sign extension, mutable globals, multi-value, bulk memory and a start function", () => {
    const m = wat(`(module (memory 1) (data $d "abc") (global $g (mut i64) (i64.const 0)) (export "g" (global $g))
      (func $s) (start $s)
      (func (result i32 i64) (i32.const 1) (i64.const 2))
      (func (param i32)
        (global.set $g (i64.extend32_s (i64.const 5)))
        (memory.init $d (i32.const 0) (i32.const 0) (i32.const 3)) (data.drop $d)
        (memory.copy (i32.const 8) (i32.const 0) (i32.const 3)) (memory.fill (i32.const 0) (i32.const 0) (i32.const 3))
        (drop (i32.extend8_s (local.get 0)))))`);
    expect(verdict(m)).toBe("ok");
  });
});
