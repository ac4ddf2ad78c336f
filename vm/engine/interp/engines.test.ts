// The two engines agree (DESIGN §5): on a handful of programs covering control flow,
// calls, recursion, memory, bulk operations and host calls, the interpreter and the v8
// engine (instrumented module) give the same results or trap codes, the same remaining
// gas and the same stack count, under every gas limit around the amount a call needs.
// (The generated-module property lives in conformance/; this is the interpreter's own check.)

import wabtInit from "wabt";
import { describe, expect, it } from "vitest";
import { decodeModule } from "../../decode/decode.js";
import { V8Engine } from "../v8/engine.js";
import { Trap, type Engine, type HostFunction, type Value } from "../types.js";
import { InterpEngine } from "./engine.js";

const wabt = await wabtInit();
const FEATURES = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };

const PROGRAM = `(module
  (import "silk" "pay" (func $pay (param i32) (result i32)))
  (memory 1 4)
  (table 3 funcref)
  (elem (i32.const 0) $fib $sq)
  (global $g (mut i64) (i64.const 0))
  (data (i32.const 16) "0123456789abcdef")
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then local.get 0)
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func (export "indirect") (param i32 i32) (result i32) (call_indirect (param i32) (result i32) (local.get 1) (local.get 0)))
  (func (export "sum64") (param i64) (result i64) (local i64)
    (block $done (loop $l
      (br_if $done (i64.eqz (local.get 0)))
      (local.set 1 (i64.add (local.get 1) (local.get 0)))
      (global.set $g (i64.add (global.get $g) (i64.const 1)))
      (local.set 0 (i64.sub (local.get 0) (i64.const 1)))
      (br $l)))
    local.get 1)
  (func (export "switch") (param i32) (result i32)
    (block $c (block $b (block $a (br_table $a $b $c (local.get 0)))
      (return (i32.const 10))) (return (i32.const 20))) (i32.const 30))
  (func (export "bulk") (param i32 i32) (result i32)
    (memory.copy (local.get 0) (i32.const 16) (local.get 1))
    (memory.fill (i32.add (local.get 0) (local.get 1)) (i32.const 7) (local.get 1))
    (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "host") (param i32) (result i32) (i32.add (call $pay (local.get 0)) (i32.const 1)))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (local.get 0) (then (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))) (else i32.const 0))))`;

const parsed = wabt.parseWat("p.wat", PROGRAM, FEATURES);
parsed.validate();
const bytes = new Uint8Array(parsed.toBinary({}).buffer);
const module = decodeModule(bytes);

const pay: HostFunction = (inst, args) => {
  inst.chargeGas(BigInt(args[0] as number));
  return inst.stackUsed();
};

type Outcome = { values: Value[] } | { trap: string };
/**
 * stackUsed is compared after a successful call only: after a trap the interpreter restores
 * the entry count, while the v8 engine (for now) leaves what the instrumented code published.
 */
interface Run { outcome: Outcome; gasLeft: bigint; stackUsed?: number }

function run(engine: Engine, name: string, args: Value[], gas: bigint, stackUsed = 7): Run {
  const inst = engine.instantiate(engine.prepare(module, bytes), () => pay, { gas, stackUsed });
  let outcome: Outcome;
  try {
    outcome = { values: inst.invoke(name, args) };
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    outcome = { trap: e.code };
  }
  return "values" in outcome ? { outcome, gasLeft: inst.gasLeft(), stackUsed: inst.stackUsed() } : { outcome, gasLeft: inst.gasLeft() };
}

const interp = new InterpEngine();
const v8 = new V8Engine();

const CALLS: [string, Value[]][] = [
  ["fib", [12]], ["indirect", [0, 9]], ["indirect", [1, 9]], ["indirect", [2, 9]], ["indirect", [3, 9]],
  ["sum64", [50n]], ["switch", [0]], ["switch", [1]], ["switch", [7]], ["bulk", [100, 16]], ["bulk", [65530, 16]],
  ["grow", [2]], ["grow", [5]], ["host", [40]], ["deep", [50]], ["deep", [100_000]],
];

describe("interp and v8 agree", () => {
  for (const [name, args] of CALLS) {
    it(`${name}(${args.join(", ")})`, () => {
      const full = run(interp, name, args, 10n ** 9n);
      expect(run(v8, name, args, 10n ** 9n)).toEqual(full);
      const need = 10n ** 9n - full.gasLeft;
      // Every limit in a window around the need, plus a sweep below it.
      const limits = new Set<bigint>();
      for (let d = -3n; d <= 3n; d++) if (need + d >= 0n) limits.add(need + d);
      for (let k = 0n; k < 40n; k++) limits.add((need * k) / 40n);
      for (const gas of limits) expect(run(v8, name, args, gas)).toEqual(run(interp, name, args, gas));
    });
  }
});
