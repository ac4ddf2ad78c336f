// Semantics of the reference interpreter on hand-written WAT modules: arithmetic edge
// cases against constants from the spec, traps and their codes, memory, bulk memory,
// tables, multi-value, br_table, instantiation and host imports.

import wabtInit from "wabt";
import { describe, expect, it } from "vitest";
import { decodeModule } from "../../decode/decode.js";
import { SCHEDULE_V1 } from "../../meter/schedule.js";
import { Trap, type HostFunction, type ImportResolver, type Instance, type TrapCode, type Value } from "../types.js";
import { compileModule } from "./compile.js";
import { InterpEngine } from "./engine.js";
import { trapOf } from "../testkit.js";

const wabt = await wabtInit();
const FEATURES = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };
function wat(text: string): Uint8Array {
  const mod = wabt.parseWat("t.wat", text, FEATURES);
  mod.validate(); // a test module that does not validate is a bug in the test
  return new Uint8Array(mod.toBinary({}).buffer);
}

const engine = new InterpEngine();
const noImports: ImportResolver = () => undefined;

function inst(text: string, imports: ImportResolver = noImports, gas = 10_000_000n): Instance {
  const bytes = wat(text);
  return engine.instantiate(engine.prepare(decodeModule(bytes), bytes), imports, { gas, stackUsed: 0 });
}


const I32_MIN = -0x80000000;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

describe("i32 arithmetic (spec §4.3.2)", () => {
  const ops = ["add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr",
    "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
  const un = ["clz", "ctz", "popcnt", "eqz", "extend8_s", "extend16_s"];
  const i = inst(`(module
    ${ops.map((o) => `(func (export "${o}") (param i32 i32) (result i32) local.get 0 local.get 1 i32.${o})`).join("\n")}
    ${un.map((o) => `(func (export "${o}") (param i32) (result i32) local.get 0 i32.${o})`).join("\n")})`);
  const call = (name: string, ...args: number[]) => i.invoke(name, args)[0];

  it("wraps add/sub/mul", () => {
    expect(call("add", 0x7fffffff, 1)).toBe(I32_MIN);
    expect(call("sub", I32_MIN, 1)).toBe(0x7fffffff);
    expect(call("mul", 0x10000, 0x10000)).toBe(0);
    expect(call("mul", 0x7fffffff, 0x7fffffff)).toBe(1);
    expect(call("mul", 0x01234567, 0x76543210)).toBe(0x358e7470);
  });
  it("divides and traps as the spec says", () => {
    expect(call("div_s", -7, 2)).toBe(-3);
    expect(call("div_u", -1, 2)).toBe(0x7fffffff);
    expect(call("div_u", I32_MIN, 2)).toBe(0x40000000);
    expect(call("rem_s", -7, 2)).toBe(-1);
    expect(call("rem_s", 7, -2)).toBe(1);
    expect(call("rem_s", I32_MIN, -1)).toBe(0);
    expect(call("rem_u", -1, 10)).toBe(5); // 4294967295 % 10
    expect(trapOf(() => call("div_s", I32_MIN, -1))).toBe("int_overflow");
    expect(trapOf(() => call("div_s", 1, 0))).toBe("div_by_zero");
    expect(trapOf(() => call("div_u", 1, 0))).toBe("div_by_zero");
    expect(trapOf(() => call("rem_s", 1, 0))).toBe("div_by_zero");
    expect(trapOf(() => call("rem_u", 1, 0))).toBe("div_by_zero");
    expect(call("div_u", 0xfffffffe | 0, -1)).toBe(0);
  });
  it("shifts and rotates modulo the width", () => {
    expect(call("shl", 1, 32)).toBe(1);
    expect(call("shl", 1, 31)).toBe(I32_MIN);
    expect(call("shr_s", I32_MIN, 31)).toBe(-1);
    expect(call("shr_u", I32_MIN, 31)).toBe(1);
    expect(call("shr_u", -1, 0)).toBe(-1);
    expect(call("shr_u", -1, 33)).toBe(0x7fffffff);
    expect(call("rotl", 0xabcd9876 | 0, 1)).toBe(0x579b30ed);
    expect(call("rotl", 0x12345678, 32)).toBe(0x12345678);
    expect(call("rotr", 0xb0c1d2e3 | 0, 0x0005)).toBe(0x1d860e97);
    expect(call("rotr", 1, 1)).toBe(I32_MIN);
  });
  it("counts bits", () => {
    expect(call("clz", 0)).toBe(32);
    expect(call("clz", 1)).toBe(31);
    expect(call("clz", -1)).toBe(0);
    expect(call("ctz", 0)).toBe(32);
    expect(call("ctz", I32_MIN)).toBe(31);
    expect(call("popcnt", -1)).toBe(32);
    expect(call("popcnt", 0x55555555)).toBe(16);
    expect(call("eqz", 0)).toBe(1);
    expect(call("eqz", I32_MIN)).toBe(0);
  });
  it("compares signed and unsigned", () => {
    expect(call("lt_s", -1, 0)).toBe(1);
    expect(call("lt_u", -1, 0)).toBe(0);
    expect(call("gt_u", -1, 0)).toBe(1);
    expect(call("le_u", I32_MIN, 0x7fffffff)).toBe(0);
    expect(call("ge_s", I32_MIN, 0x7fffffff)).toBe(0);
  });
  it("sign-extends", () => {
    expect(call("extend8_s", 0x80)).toBe(-128);
    expect(call("extend8_s", 0x17f)).toBe(127);
    expect(call("extend16_s", 0x8000)).toBe(-32768);
  });
});

describe("i64 arithmetic (spec §4.3.2)", () => {
  const ops = ["add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u", "rotl", "rotr"];
  const cmp = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
  const un = ["clz", "ctz", "popcnt", "extend8_s", "extend16_s", "extend32_s"];
  const i = inst(`(module
    ${ops.map((o) => `(func (export "${o}") (param i64 i64) (result i64) local.get 0 local.get 1 i64.${o})`).join("\n")}
    ${cmp.map((o) => `(func (export "${o}") (param i64 i64) (result i32) local.get 0 local.get 1 i64.${o})`).join("\n")}
    ${un.map((o) => `(func (export "${o}") (param i64) (result i64) local.get 0 i64.${o})`).join("\n")}
    (func (export "eqz") (param i64) (result i32) local.get 0 i64.eqz)
    (func (export "wrap") (param i64) (result i32) local.get 0 i32.wrap_i64)
    (func (export "ext_s") (param i32) (result i64) local.get 0 i64.extend_i32_s)
    (func (export "ext_u") (param i32) (result i64) local.get 0 i64.extend_i32_u))`);
  const call = (name: string, ...args: Value[]) => i.invoke(name, args)[0];

  it("wraps and divides", () => {
    expect(call("add", I64_MAX, 1n)).toBe(I64_MIN);
    expect(call("mul", I64_MAX, I64_MAX)).toBe(1n);
    expect(call("mul", 0x0123456789abcdefn, 0xfedcba9876543210n - 2n ** 64n)).toBe(0x2236d88fe5618cf0n);
    expect(call("div_u", -1n, 2n)).toBe(I64_MAX);
    expect(call("div_s", -7n, 2n)).toBe(-3n);
    expect(call("rem_s", I64_MIN, -1n)).toBe(0n);
    expect(call("rem_u", -1n, 10n)).toBe(5n);
    expect(trapOf(() => call("div_s", I64_MIN, -1n))).toBe("int_overflow");
    expect(trapOf(() => call("div_u", 1n, 0n))).toBe("div_by_zero");
    expect(trapOf(() => call("rem_s", 1n, 0n))).toBe("div_by_zero");
  });
  it("shifts, rotates and counts", () => {
    expect(call("shl", 1n, 64n)).toBe(1n);
    expect(call("shl", 1n, 63n)).toBe(I64_MIN);
    expect(call("shr_s", I64_MIN, 63n)).toBe(-1n);
    expect(call("shr_u", I64_MIN, 63n)).toBe(1n);
    expect(call("shr_u", -1n, 65n)).toBe(I64_MAX);
    expect(call("rotl", 0xabcd1234ef567809n - 2n ** 64n, 53n)).toBe(0x013579a2469deacfn); // i64.wast
    expect(call("rotl", 0xabd1234ef567809cn - 2n ** 64n, 0x800000000000003fn - 2n ** 64n)).toBe(0x55e891a77ab3c04en);
    expect(call("rotr", 1n, 1n)).toBe(I64_MIN);
    expect(call("rotl", 5n, 64n)).toBe(5n);
    expect(call("clz", 0n)).toBe(64n);
    expect(call("clz", 1n)).toBe(63n);
    expect(call("clz", 0x100000000n)).toBe(31n);
    expect(call("ctz", 0n)).toBe(64n);
    expect(call("ctz", I64_MIN)).toBe(63n);
    expect(call("ctz", 0x100000000n)).toBe(32n);
    expect(call("popcnt", -1n)).toBe(64n);
    expect(call("popcnt", 0x8000800080008000n - 2n ** 64n)).toBe(4n);
    expect(call("eqz", 0n)).toBe(1);
  });
  it("compares, converts and sign-extends", () => {
    expect(call("lt_u", -1n, 0n)).toBe(0);
    expect(call("lt_s", -1n, 0n)).toBe(1);
    expect(call("ge_u", -1n, 0n)).toBe(1);
    expect(call("le_u", I64_MIN, I64_MAX)).toBe(0);
    expect(call("wrap", 0x1_8000_0000n)).toBe(I32_MIN);
    expect(call("wrap", -1n)).toBe(-1);
    expect(call("ext_s", -1)).toBe(-1n);
    expect(call("ext_u", -1)).toBe(0xffffffffn);
    expect(call("extend8_s", 0xffn)).toBe(-1n);
    expect(call("extend16_s", 0x7fffn)).toBe(0x7fffn);
    expect(call("extend32_s", 0x80000000n)).toBe(-0x80000000n);
  });
});

describe("control flow", () => {
  it("runs br_table with default, block params and multi-value results", () => {
    const i = inst(`(module
      (func (export "sw") (param i32) (result i32)
        (block $d (block $c (block $b (block $a
          (br_table $a $b $c $d (local.get 0)))
          (return (i32.const 10)))
          (return (i32.const 11)))
          (return (i32.const 12)))
        (i32.const 13))
      (func (export "swap") (param i32 i32) (result i32 i32) local.get 1 local.get 0)
      (func (export "blockparams") (param i32) (result i32 i64)
        i32.const 7 local.get 0
        (block (param i32 i32) (result i32 i32 i64) i32.add i32.const 1 i64.const 9)
        (block (param i32 i64) (result i64) drop drop i64.const 9))
      (func (export "brvals") (result i32 i32)
        i32.const 99
        (block (result i32 i32) i32.const 1 i32.const 2 i32.const 3 br 0)
        ;; the br keeps the top two values (2, 3) and discards 1; 99 below stays
        drop drop drop i32.const 5 i32.const 6)
      (func (export "keep") (result i32)
        i32.const 100
        (block (result i32) i32.const 1 i32.const 2 i32.const 3 br 0) i32.add)
      (func (export "loopsum") (param i32) (result i32) (local i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (local.get 0)))
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        local.get 1)
      (func (export "ifelse") (param i32) (result i32)
        (if (result i32) (local.get 0) (then i32.const 1) (else i32.const 2)))
      (func (export "loopparam") (result i32) (local i32)
        i32.const 0
        (loop $l (param i32) (result i32)
          i32.const 1 i32.add local.tee 0
          local.get 0 i32.const 5 i32.lt_s br_if $l))
      (func (export "sel") (param i32) (result i64) i64.const 1 i64.const 2 local.get 0 select))`);
    for (let k = 0; k < 6; k++) expect(i.invoke("sw", [k])).toEqual([[10, 11, 12, 13, 13, 13][k]]);
    expect(i.invoke("sw", [-1])).toEqual([13]);
    expect(i.invoke("swap", [1, 2])).toEqual([2, 1]);
    expect(i.invoke("blockparams", [5])).toEqual([12, 9n]);
    expect(i.invoke("brvals", [])).toEqual([5, 6]);
    expect(i.invoke("keep", [])).toEqual([103]); // br carries only the top value (3)
    expect(i.invoke("loopsum", [10])).toEqual([55]);
    expect(i.invoke("ifelse", [0])).toEqual([2]);
    expect(i.invoke("ifelse", [-5])).toEqual([1]);
    expect(i.invoke("loopparam", [])).toEqual([5]);
    expect(i.invoke("sel", [1])).toEqual([1n]);
    expect(i.invoke("sel", [0])).toEqual([2n]);
  });

  it("calls functions and recurses without the JS stack", () => {
    const i = inst(`(module
      (func $fac (export "fac") (param i64) (result i64)
        (if (result i64) (i64.eqz (local.get 0)) (then i64.const 1)
          (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1)))))))
      (func $even (export "even") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then i32.const 1) (else (call $odd (i32.sub (local.get 0) (i32.const 1))))))
      (func $odd (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then i32.const 0) (else (call $even (i32.sub (local.get 0) (i32.const 1)))))))`);
    expect(i.invoke("fac", [20n])).toEqual([2432902008176640000n]);
    expect(i.invoke("even", [1000])).toEqual([1]);
    expect(i.invoke("even", [777])).toEqual([0]);
  });

  it("traps on unreachable", () => {
    const i = inst(`(module (func (export "u") unreachable))`);
    expect(trapOf(() => i.invoke("u", []))).toBe("unreachable");
  });
});

describe("memory (spec §4.4.7)", () => {
  const i = inst(`(module (memory 1 3)
    (data (i32.const 8) "\\01\\02\\03\\04\\05\\06\\07\\08\\ff")
    (func (export "ld32") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "ld64") (param i32) (result i64) (i64.load offset=0 (local.get 0)))
    (func (export "ld8s") (param i32) (result i32) (i32.load8_s (local.get 0)))
    (func (export "ld8u") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "ld32s64") (param i32) (result i64) (i64.load32_s (local.get 0)))
    (func (export "ldbig") (param i32) (result i32) (i32.load offset=4294967295 (local.get 0)))
    (func (export "st16") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
    (func (export "st64_8") (param i32 i64) (i64.store8 (local.get 0) (local.get 1)))
    (func (export "st64") (param i32 i64) (i64.store offset=2 (local.get 0) (local.get 1)))
    (func (export "size") (result i32) memory.size)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2))))`);

  it("loads and stores little-endian", () => {
    expect(i.invoke("ld32", [8])).toEqual([0x04030201]);
    expect(i.invoke("ld64", [8])).toEqual([0x0807060504030201n]);
    expect(i.invoke("ld8s", [16])).toEqual([-1]);
    expect(i.invoke("ld8u", [16])).toEqual([255]);
    expect(i.invoke("ld32s64", [13])).toEqual([BigInt.asIntN(32, 0xff080706n)]);
    i.invoke("st16", [100, 0x12345]);
    expect(i.invoke("ld32", [100])).toEqual([0x2345]);
    i.invoke("st64_8", [200, -2n]);
    expect(i.invoke("ld8u", [200])).toEqual([0xfe]);
    i.invoke("st64", [300, -1n]);
    expect(i.invoke("ld64", [302])).toEqual([-1n]);
    expect(i.read(302, 8)).toEqual(new Uint8Array(8).fill(0xff));
  });
  it("bounds-checks every access without wrapping the address", () => {
    expect(i.invoke("ld32", [65532])).toEqual([0]);
    expect(trapOf(() => i.invoke("ld32", [65533]))).toBe("memory_oob");
    expect(trapOf(() => i.invoke("ld32", [-1]))).toBe("memory_oob");
    expect(trapOf(() => i.invoke("ldbig", [1]))).toBe("memory_oob"); // 1 + (2^32-1) must not wrap to 0
    expect(trapOf(() => i.invoke("ldbig", [0]))).toBe("memory_oob");
    expect(trapOf(() => i.invoke("st64", [65528, 0n]))).toBe("memory_oob");
    expect(trapOf(() => i.read(65535, 2))).toBe("memory_oob");
    expect(trapOf(() => i.write(-1, new Uint8Array(1)))).toBe("memory_oob");
  });
  it("grows up to the declared max and fails with -1 beyond it", () => {
    const j = inst(`(module (memory 1 3)
      (func (export "size") (result i32) memory.size)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "ld") (param i32) (result i32) (i32.load8_u (local.get 0))))`);
    expect(j.invoke("grow", [1])).toEqual([1]);
    expect(j.invoke("ld", [2 * 65536 - 1])).toEqual([0]);
    expect(j.invoke("grow", [2])).toEqual([-1]);
    expect(j.invoke("grow", [0])).toEqual([2]);
    expect(j.invoke("grow", [1])).toEqual([2]);
    expect(j.invoke("size", [])).toEqual([3]);
    expect(trapOf(() => j.invoke("grow", [-1]))).toBe("out_of_gas"); // 2^32-1 pages are charged first
    expect(j.gasLeft()).toBe(0n);
  });
  it("caps growth at the schedule's maxPages when no max is declared", () => {
    const j = inst(`(module (memory 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`, noImports, 10n ** 12n);
    expect(j.invoke("grow", [SCHEDULE_V1.maxPages])).toEqual([-1]);
    expect(j.invoke("grow", [SCHEDULE_V1.maxPages - 1])).toEqual([1]);
    expect(j.invoke("grow", [1])).toEqual([-1]);
  });
  it("copies with overlap as memmove and fills", () => {
    i.write(1000, new Uint8Array([1, 2, 3, 4, 5]));
    i.invoke("copy", [1002, 1000, 5]);
    expect(i.read(1000, 7)).toEqual(new Uint8Array([1, 2, 1, 2, 3, 4, 5]));
    i.invoke("copy", [1000, 1002, 5]);
    expect(i.read(1000, 7)).toEqual(new Uint8Array([1, 2, 3, 4, 5, 4, 5]));
    i.invoke("fill", [1001, 0x1ab, 3]);
    expect(i.read(1000, 5)).toEqual(new Uint8Array([1, 0xab, 0xab, 0xab, 5]));
  });
  it("bounds-checks bulk operations before writing, even for n = 0", () => {
    i.write(65530, new Uint8Array(6).fill(7));
    expect(trapOf(() => i.invoke("fill", [65530, 0, 7]))).toBe("memory_oob");
    expect(i.read(65530, 6)).toEqual(new Uint8Array(6).fill(7)); // nothing written
    expect(trapOf(() => i.invoke("copy", [65530, 0, 7]))).toBe("memory_oob");
    expect(trapOf(() => i.invoke("copy", [0, 65530, 7]))).toBe("memory_oob");
    expect(i.read(0, 8)).toEqual(new Uint8Array(8));
    i.invoke("fill", [65536, 0, 0]); // at the end: allowed
    expect(trapOf(() => i.invoke("fill", [65537, 0, 0]))).toBe("memory_oob");
    expect(trapOf(() => i.invoke("copy", [0, 65537, 0]))).toBe("memory_oob");
  });
  it("runs memory.init and data.drop on passive segments", () => {
    const j = inst(`(module (memory 1) (data $p "hello")
      (func (export "init") (param i32 i32 i32) (memory.init $p (local.get 0) (local.get 1) (local.get 2)))
      (func (export "drop") (data.drop $p)))`);
    j.invoke("init", [10, 1, 4]);
    expect(new TextDecoder().decode(j.read(10, 4))).toBe("ello");
    expect(trapOf(() => j.invoke("init", [10, 2, 4]))).toBe("memory_oob");
    j.invoke("init", [10, 5, 0]); // s = len, n = 0: in bounds
    j.invoke("drop", []);
    j.invoke("init", [10, 0, 0]);
    expect(trapOf(() => j.invoke("init", [10, 1, 0]))).toBe("memory_oob"); // dropped: length 0
  });
});

describe("tables and call_indirect", () => {
  const src = `(module
    (type $ii (func (param i32) (result i32)))
    (type $ii2 (func (param i32) (result i32)))
    (type $v (func))
    (table 4 funcref)
    (elem (i32.const 0) $inc $dbl)
    (elem $pass func $dbl $inc)
    (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
    (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
    (func (export "call") (param i32 i32) (result i32) (call_indirect (type $ii2) (local.get 1) (local.get 0)))
    (func (export "callv") (param i32) (call_indirect (type $v) (local.get 0)))
    (func (export "init") (param i32 i32 i32) (table.init $pass (local.get 0) (local.get 1) (local.get 2)))
    (func (export "tcopy") (param i32 i32 i32) (table.copy (local.get 0) (local.get 1) (local.get 2)))
    (func (export "edrop") (elem.drop $pass)))`;

  it("dispatches structurally and traps with the right codes", () => {
    const i = inst(src);
    expect(i.invoke("call", [0, 5])).toEqual([6]); // $ii2 is structurally $ii
    expect(i.invoke("call", [1, 5])).toEqual([10]);
    expect(trapOf(() => i.invoke("call", [2, 5]))).toBe("indirect_call_mismatch"); // null entry
    expect(trapOf(() => i.invoke("callv", [0]))).toBe("indirect_call_mismatch"); // wrong type
    expect(trapOf(() => i.invoke("call", [4, 5]))).toBe("table_oob");
    expect(trapOf(() => i.invoke("call", [-1, 5]))).toBe("table_oob");
  });
  it("runs table.init, table.copy and elem.drop with bounds checks first", () => {
    const i = inst(src);
    i.invoke("init", [2, 0, 2]); // table: inc dbl dbl inc
    expect(i.invoke("call", [2, 5])).toEqual([10]);
    expect(i.invoke("call", [3, 5])).toEqual([6]);
    expect(trapOf(() => i.invoke("init", [3, 0, 2]))).toBe("table_oob");
    expect(trapOf(() => i.invoke("init", [0, 1, 2]))).toBe("table_oob");
    expect(trapOf(() => i.invoke("init", [5, 0, 0]))).toBe("table_oob");
    i.invoke("tcopy", [1, 0, 3]); // overlapping: inc inc dbl dbl
    expect([0, 1, 2, 3].map((k) => i.invoke("call", [k, 5])[0])).toEqual([6, 6, 10, 10]);
    expect(trapOf(() => i.invoke("tcopy", [2, 0, 3]))).toBe("table_oob");
    i.invoke("edrop", []);
    i.invoke("init", [0, 0, 0]);
    expect(trapOf(() => i.invoke("init", [0, 0, 1]))).toBe("table_oob");
  });
});

describe("instantiation (spec §4.5.4)", () => {
  it("initialises globals and exposes exported ones", () => {
    const i = inst(`(module (global $a (export "a") i32 (i32.const -5)) (global $b (export "b") (mut i64) (i64.const 7))
      (func (export "bump") (global.set $b (i64.add (global.get $b) (i64.extend_i32_s (global.get $a))))))`);
    expect(i.getGlobal("a")).toBe(-5);
    i.invoke("bump", []);
    expect(i.getGlobal("b")).toBe(2n);
    expect(i.getGlobal("nope")).toBeUndefined();
    expect(i.exportNames()).toEqual(["a", "b", "bump"]);
  });
  it("traps on an out-of-bounds data segment, after writing the earlier ones", () => {
    expect(trapOf(() => inst(`(module (memory 1) (data (i32.const 65535) "ab"))`))).toBe("memory_oob");
    expect(trapOf(() => inst(`(module (memory 0) (data (i32.const 1) ""))`))).toBe("memory_oob");
    expect(trapOf(() => inst(`(module (memory 0) (data (i32.const 0) ""))`))).toBe("no trap");
  });
  it("traps on an out-of-bounds element segment", () => {
    expect(trapOf(() => inst(`(module (table 1 funcref) (func $f) (elem (i32.const 1) $f))`))).toBe("table_oob");
    expect(trapOf(() => inst(`(module (table 1 funcref) (elem (i32.const 2) func))`))).toBe("table_oob");
    expect(trapOf(() => inst(`(module (table 1 funcref) (func $f) (elem (i32.const 0) $f))`))).toBe("no trap");
  });
  it("drops active and declarative segments", () => {
    const i = inst(`(module (memory 1) (table 2 funcref) (func $f)
      (data $d (i32.const 0) "x") (elem $e (i32.const 0) $f) (elem $decl declare func $f)
      (func (export "mi") (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)))
      (func (export "ti") (table.init $e (i32.const 0) (i32.const 0) (i32.const 1)))
      (func (export "td") (table.init $decl (i32.const 0) (i32.const 0) (i32.const 1))))`);
    expect(trapOf(() => i.invoke("mi", []))).toBe("memory_oob");
    expect(trapOf(() => i.invoke("ti", []))).toBe("table_oob");
    expect(trapOf(() => i.invoke("td", []))).toBe("table_oob");
  });
  it("runs the start function only on runStart", () => {
    const i = inst(`(module (memory 1) (func $s (i32.store8 (i32.const 0) (i32.const 42))) (start $s))`);
    expect(i.read(0, 1)).toEqual(new Uint8Array([0]));
    i.runStart();
    expect(i.read(0, 1)).toEqual(new Uint8Array([42]));
  });
  it("refuses unknown imports", () => {
    expect(() => inst(`(module (import "silk" "nope" (func)))`)).toThrow(/unknown import/);
  });
});

describe("prepare", () => {
  it("refuses what is outside the integer-only policy instead of running it wrongly", () => {
    // The real plan already refuses unpriced instructions; the interpreter checks on its own
    // (a zero-cost plan here), so that no other schedule can make it run them.
    const prep = (t: string) => () => {
      const m = decodeModule(wat(t));
      compileModule(m, { schedule: SCHEDULE_V1, funcs: m.codes.map((c) => ({ blockCost: new Uint32Array(c.body.length), frameCost: 1 })) });
    };
    expect(prep(`(module (func f32.const 1 drop))`)).toThrow(/unsupported instruction f32.const/);
    expect(prep(`(module (func (result f32) f32.const 1))`)).toThrow(/outside the integer-only policy/);
    expect(prep(`(module (func (local f64)))`)).toThrow(/outside the integer-only policy/);
    expect(prep(`(module (global f32 (f32.const 0)))`)).toThrow(/outside the integer-only policy/);
    expect(prep(`(module (table 1 funcref) (func (result i32) table.size 0))`)).toThrow(/unsupported instruction table.size/);
  });
});

describe("host imports", () => {
  it("passes arguments and the instance, pushes the result per the import's type", () => {
    const seen: Value[][] = [];
    const host: Record<string, HostFunction> = {
      add64: (_h, args) => { seen.push(args); return (args[0] as bigint) + (args[1] as bigint); },
      peek: (h, args) => h.read(args[0] as number, 1)[0]!,
      poke: (h, args) => { h.write(args[0] as number, new Uint8Array([args[1] as number])); return undefined; },
      big: () => 0xffffffff, // ToInt32: -1
    };
    const i = inst(`(module
      (import "silk" "add64" (func $add64 (param i64 i64) (result i64)))
      (import "silk" "peek" (func $peek (param i32) (result i32)))
      (import "silk" "poke" (func $poke (param i32 i32)))
      (import "silk" "big" (func $big (result i32)))
      (memory 1)
      (func (export "run") (result i64 i32 i32)
        (call $add64 (i64.const -1) (i64.const 3))
        (call $poke (i32.const 9) (i32.const 77))
        (call $peek (i32.const 9))
        (call $big))
      (export "add64" (func $add64)))`, (mod, name) => (mod === "silk" ? host[name] : undefined));
    expect(i.invoke("run", [])).toEqual([2n, 77, -1]);
    expect(seen[0]).toEqual([-1n, 3n]);
    expect(i.invoke("add64", [1n, 2n])).toEqual([3n]); // a re-exported import
  });
  it("propagates whatever a host function throws, unchanged", () => {
    class Halt { constructor(readonly data: string) {} }
    const halt = new Halt("bye");
    const i = inst(`(module (import "silk" "halt" (func $h)) (import "silk" "trap" (func $t))
      (func (export "h") call $h) (func (export "t") call $t))`,
    (_m, name) => (name === "halt" ? () => { throw halt; } : () => { throw new Trap("host_error"); }));
    expect(() => i.invoke("h", [])).toThrow(halt);
    expect(trapOf(() => i.invoke("t", []))).toBe("host_error");
  });
});
