// The instrumenter checks gas lazily (blocks that cannot trap or call out only subtract) and
// charges a run of fall-through blocks with one subtraction (chains, with refunds on the
// exits). Neither may change a result: for every gas limit from 0 to what the run needs, the
// v8 engine must agree with the interpreter (which charges every block on entry, on the
// original module) on status, trap code, gas left and results.

import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { decodeModule } from "../decode/decode.js";
import { InterpEngine } from "../engine/interp/engine.js";
import { V8Engine } from "../engine/v8/engine.js";
import { Trap, type Engine, type Value } from "../engine/types.js";

const wabt = await wabtInit();
function wat(text: string): Uint8Array {
  const features = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };
  const mod = wabt.parseWat("t.wat", text, features);
  mod.validate();
  return new Uint8Array(mod.toBinary({}).buffer);
}

const SRC = wat(`(module
  (memory 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  ;; insertion sort of n LCG values: chains across br_if with loads and stores
  (func (export "sort") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $x i32) (local $seed i32)
    (local.set $seed (i32.const 7))
    (block $f (loop $fl
      (br_if $f (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $seed (i32.add (i32.mul (local.get $seed) (i32.const 1103515245)) (i32.const 12345)))
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $seed))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $fl)))
    (local.set $i (i32.const 1))
    (block $done (loop $outer
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $x (i32.load (i32.shl (local.get $i) (i32.const 2))))
      (local.set $j (local.get $i))
      (block $ins (loop $inner
        (br_if $ins (i32.eqz (local.get $j)))
        (br_if $ins (i32.le_s (i32.load (i32.shl (i32.sub (local.get $j) (i32.const 1)) (i32.const 2))) (local.get $x)))
        (i32.store (i32.shl (local.get $j) (i32.const 2))
                   (i32.load (i32.shl (i32.sub (local.get $j) (i32.const 1)) (i32.const 2))))
        (local.set $j (i32.sub (local.get $j) (i32.const 1)))
        (br $inner)))
      (i32.store (i32.shl (local.get $j) (i32.const 2)) (local.get $x))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $outer)))
    (i32.load (i32.const 0)))
  ;; unchecked blocks, then a division that traps: out_of_gas must win when gas ran out first
  (func (export "divlate") (param $a i32) (param $b i32) (result i32)
    (block (local.set $a (i32.add (local.get $a) (i32.const 1))))
    (block (local.set $a (i32.mul (local.get $a) (i32.const 3))))
    (drop (br_if 0 (i32.const 0) (i32.ne (i32.eqz (local.get $b)) (i32.const 0))))
    (i32.div_u (local.get $a) (local.get $b)))
  ;; a global write after unchecked blocks must not happen when gas ran out before it
  (func (export "gset") (param $a i32)
    (block (local.set $a (i32.add (local.get $a) (i32.const 1))))
    (br_if 0 (i32.eqz (local.get $a)))
    (global.set $g (local.get $a)))
  ;; an infinite loop with nothing that traps or calls
  (func (export "spin") (local $i i32)
    (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.const 1))))
  ;; br_if to a label that takes a value (no chain through it), block params, early exits
  (func (export "vals") (param $n i32) (result i32)
    (block $b (result i32)
      (i32.const 5)
      (block (param i32) (result i32) (br_if $b (local.get $n)) (i32.const 2) (i32.add))
      (br_if 1 (i32.const 0) (i32.eq (local.get $n) (i32.const 0)))
      (drop) (drop) (i32.const 9)))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  ;; private functions (only called directly): gas and stack depth passed as values
  (func $pfib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $pfib (i32.sub (local.get 0) (i32.const 1)))
                     (call $pfib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "pfib") (param i32) (result i32) (call $pfib (local.get 0)))
  ;; a private call, then a store that traps in the same block: the gas is published after the call
  (func $top (result i32) (i32.const 65536))
  (func (export "pstore") (param $a i32) (local $x i32)
    (local.set $x (i32.const 3))
    (i32.store (i32.add (call $top) (local.get $a)) (local.get $x)))
  ;; a private function with locals (their indices move) whose load may trap
  (func $pload (param $p i32) (result i32) (local $l i32)
    (local.set $l (i32.add (local.get $p) (i32.const 1)))
    (block (local.set $l (i32.mul (local.get $l) (i32.const 2))))
    (i32.load (local.get $l)))
  (func (export "pload") (param i32) (result i32) (i32.add (call $pload (local.get 0)) (i32.const 1)))
  ;; unchecked blocks, then a load that traps: on a deficit the result is out_of_gas
  (func (export "loadlate") (param $a i32) (result i32)
    (block (local.set $a (i32.add (local.get $a) (i32.const 1))))
    (block (local.set $a (i32.mul (local.get $a) (i32.const 3))))
    (i32.load (local.get $a)))
  ;; private recursion past the stack limit
  (func $deep (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
      (else (i32.const 0))))
  (func (export "deep") (param i32) (result i32) (call $deep (local.get 0)))
)`);

interface Outcome { status: string; gasLeft: bigint; result?: Value[]; g?: Value }

function run(engine: Engine, fn: string, args: Value[], gas: bigint): Outcome {
  const m = decodeModule(SRC);
  const inst = engine.instantiate(engine.prepare(m, SRC), () => undefined, { gas, stackUsed: 0 });
  try {
    const result = inst.invoke(fn, args);
    return { status: "ok", gasLeft: inst.gasLeft(), result, g: inst.getGlobal("g") };
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    return { status: e.code, gasLeft: inst.gasLeft(), g: inst.getGlobal("g") };
  }
}

describe("deferred checks and chains", () => {
  const v8 = new V8Engine();
  const interp = new InterpEngine();
  const cases: [string, Value[]][] = [
    ["sort", [6]], ["sort", [0]], ["sort", [1]], ["divlate", [4, 0]], ["divlate", [4, 2]], ["gset", [3]], ["gset", [-1]],
    ["vals", [0]], ["vals", [1]], ["vals", [-3]], ["fib", [6]],
    ["pfib", [7]], ["pstore", [0]], ["pstore", [-65536]], ["pload", [70000]], ["pload", [5]],
    ["loadlate", [30000]], ["loadlate", [1]], ["deep", [40]],
  ];
  it("agree with the interpreter at every gas limit up to the need", () => {
    for (const [fn, args] of cases) {
      const BIG = 1n << 40n;
      const full = run(interp, fn, args, BIG);
      const need = BIG - full.gasLeft;
      for (let g = 0n; g <= need + 1n; g++) {
        const want = run(interp, fn, args, g);
        expect(run(v8, fn, args, g), `${fn}(${args}) with gas ${g}`).toEqual(want);
      }
      expect(run(v8, fn, args, BIG)).toEqual(full);
    }
  });
  it("agree on a private recursion that overflows the stack, at sampled gas limits", () => {
    const BIG = 1n << 40n;
    const full = run(interp, "deep", [5000], BIG);
    expect(full.status).toBe("stack_overflow");
    const need = BIG - full.gasLeft;
    for (const g of [0n, 1n, 10n, 999n, need / 2n, need - 1n, need, need + 1n, BIG]) {
      expect(run(v8, "deep", [5000], g), `deep with gas ${g}`).toEqual(run(interp, "deep", [5000], g));
    }
  });
  it("stops an infinite loop with nothing to trap on", () => {
    for (const g of [0n, 1n, 17n, 100_000n]) {
      expect(run(v8, "spin", [], g)).toEqual({ status: "out_of_gas", gasLeft: 0n, g: 0 });
      expect(run(interp, "spin", [], g)).toEqual({ status: "out_of_gas", gasLeft: 0n, g: 0 });
    }
  });
});
