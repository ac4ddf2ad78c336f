import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { decodeModule } from "../../decode/decode.js";
import { validateModule } from "../../validate/validate.js";
import { V8Engine } from "./engine.js";
import { Trap, type Instance } from "../types.js";
import { trapCodeOfMessage } from "./traps.js";
import { trapOf } from "../testkit.js";

const wabt = await wabtInit();
function wat(text: string): Uint8Array {
  return new Uint8Array(wabt.parseWat("t.wat", text, { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true }).toBinary({}).buffer);
}
function inst(text: string, gas = 1_000_000n): Instance {
  const bytes = wat(text);
  const m = decodeModule(bytes);
  validateModule(m, { byteLength: bytes.length });
  const e = new V8Engine();
  return e.instantiate(e.prepare(m, bytes), () => undefined, { gas, stackUsed: 0 });
}

const FIB = `(module (func $fib (export "fib") (param i32) (result i32)
  (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
    (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2))))))))`;

describe("v8 engine", () => {
  it("computes and charges gas", () => {
    const i = inst(FIB);
    expect(i.invoke("fib", [20])).toEqual([6765]);
    const used = 1_000_000n - i.gasLeft();
    expect(used).toBeGreaterThan(0n);
    // The same call again costs exactly the same.
    i.invoke("fib", [20]);
    expect(1_000_000n - i.gasLeft()).toBe(2n * used);
  });

  it("runs out of gas deterministically and consumes everything", () => {
    const i = inst(`(module (func (export "spin") (loop (br 0))))`, 12_345n);
    expect(trapOf(() => i.invoke("spin", []))).toBe("out_of_gas");
    expect(i.gasLeft()).toBe(0n);
  });

  it("reports stack_overflow, never a RangeError, also after warm-up", () => {
    const i = inst(`(module (func $r (export "r") (param i32) (result i32) (local i64 i64 i64 i64 i64 i64 i64 i64)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (call $r (i32.sub (local.get 0) (i32.const 1)))))))`, 1n << 50n);
    for (let k = 0; k < 3000; k++) i.invoke("r", [20]);
    expect(trapOf(() => i.invoke("r", [1_000_000]))).toBe("stack_overflow");
    // The stack count is reset at each entry, so the instance keeps working after the trap.
    expect(i.invoke("r", [10])).toEqual([0]);
  });

  it("maps V8 trap messages to stable codes", () => {
    expect(trapCodeOfMessage("divide by zero")).toBe("div_by_zero");
    expect(trapCodeOfMessage("remainder by zero")).toBe("div_by_zero");
    expect(trapCodeOfMessage("divide result unrepresentable")).toBe("int_overflow");
    expect(trapCodeOfMessage("WebAssembly.Instance(): data segment is out of bounds")).toBe("memory_oob");
    expect(trapCodeOfMessage("null function or function signature mismatch")).toBe("indirect_call_mismatch");
    expect(trapCodeOfMessage("something new")).toBeUndefined();
    const i = inst(`(module (memory 1) (func (export "d") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
      (func (export "m") (result i32) (i32.load (i32.const 65535))))`);
    expect(trapOf(() => i.invoke("d", []))).toBe("div_by_zero");
    expect(trapOf(() => i.invoke("m", []))).toBe("memory_oob");
  });

  it("caches compiled modules by code, instrumentation version and schedule", () => {
    const e = new V8Engine();
    const bytes = wat(FIB);
    const m = decodeModule(bytes);
    expect(e.prepare(m, bytes)).toBe(e.prepare(decodeModule(bytes), bytes));
    expect(e.cacheKey(bytes)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives host functions bounds-checked memory access", () => {
    const i = inst(`(module (memory 1) (export "mem" (memory 0)))`);
    i.write(10, Uint8Array.of(1, 2, 3));
    expect(i.read(10, 3)).toEqual(Uint8Array.of(1, 2, 3));
    expect(trapOf(() => i.read(65535, 2))).toBe("memory_oob");
    expect(trapOf(() => i.chargeGas(2_000_000n))).toBe("out_of_gas");
    expect(i.gasLeft()).toBe(0n);
  });

  it("recycles released memories only as fresh ones: zeroed, at the initial size", () => {
    const bytes = wat(`(module (memory 1) (func (export "grow") (result i32) (memory.grow (i32.const 1))))`);
    const m = decodeModule(bytes);
    const e = new V8Engine();
    const p = e.prepare(m, bytes);
    const a = e.instantiate(p, () => undefined, { gas: 1_000_000n, stackUsed: 0 });
    a.write(100, Uint8Array.of(7, 7, 7));
    a.release();
    const b = e.instantiate(p, () => undefined, { gas: 1_000_000n, stackUsed: 0 });
    expect(b.read(100, 3)).toEqual(new Uint8Array(3));
    expect(b.invoke("grow", [])).toEqual([1]);
    b.write(70_000, Uint8Array.of(9));
    b.release(); // grown: not pooled
    const c = e.instantiate(p, () => undefined, { gas: 1_000_000n, stackUsed: 0 });
    expect(c.invoke("grow", [])).toEqual([1]); // a one-page memory again
    expect(c.read(70_000, 1)).toEqual(new Uint8Array(1));
  });
});
