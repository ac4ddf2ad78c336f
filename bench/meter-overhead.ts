// Metering overhead: time(instrumented on V8) / time(original on V8) for four kernels.
// Runs both variants interleaved (the machine is shared and noisy) and reports medians.
// Usage: npx tsc -p . && node dist/bench/meter-overhead.js [rounds]

import wabtInit from "wabt";
import { decodeModule } from "../vm/decode/decode.js";
import { encodeModule } from "../vm/encode/encode.js";
import { instrument as instrumentNew } from "../vm/meter/instrument.js";
import { planModule } from "../vm/meter/plan.js";
import { SCHEDULE_V1 } from "../vm/meter/schedule.js";

const SRC = `(module
  (memory 32)
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "sieve") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $c i32)
    (memory.fill (i32.const 0) (i32.const 0) (local.get $n))
    (local.set $i (i32.const 2))
    (block $done (loop $outer
      (br_if $done (i32.gt_u (i32.mul (local.get $i) (local.get $i)) (local.get $n)))
      (if (i32.eqz (i32.load8_u (local.get $i)))
        (then
          (local.set $j (i32.mul (local.get $i) (local.get $i)))
          (block $d2 (loop $inner
            (br_if $d2 (i32.ge_u (local.get $j) (local.get $n)))
            (i32.store8 (local.get $j) (i32.const 1))
            (local.set $j (i32.add (local.get $j) (local.get $i)))
            (br $inner)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $outer)))
    (local.set $i (i32.const 2))
    (block $d3 (loop $cnt
      (br_if $d3 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $c (i32.add (local.get $c) (i32.eqz (i32.load8_u (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $cnt)))
    (local.get $c))
  (func (export "hash") (param $n i32) (result i64) (local $h i64)
    (local.set $h (i64.const 0xcbf29ce484222325))
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $h (i64.mul (i64.xor (local.get $h) (i64.extend_i32_u (local.get $n))) (i64.const 0x100000001b3)))
      (local.set $h (i64.xor (local.get $h) (i64.shr_u (local.get $h) (i64.const 29))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $h))
  (func (export "sort") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $x i32) (local $seed i32)
    ;; fill n i32s with an LCG, then insertion sort them; returns the checksum a[0]^a[n-1]
    (local.set $seed (i32.const 12345))
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
    (i32.xor (i32.load (i32.const 0)) (i32.load (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2)))))
)`;

const KERNELS: [string, number][] = [["fib", 30], ["sieve", 2_000_000], ["hash", 5_000_000], ["sort", 5000]];

interface WA {
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, i: object) => { exports: Record<string, any> };
}
const W = (globalThis as unknown as { WebAssembly: WA }).WebAssembly;

const wabt = await wabtInit();
const features = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };
const orig = new Uint8Array(wabt.parseWat("k.wat", SRC, features).toBinary({}).buffer);
// METER_INSTRUMENT=/abs/path.js compares against another build of the instrumenter (e.g. the previous one)
const alt = process.env.METER_INSTRUMENT;
const instrument: typeof instrumentNew = alt ? (await import(alt)).instrument : instrumentNew;
const m = decodeModule(orig);
const instr = encodeModule(instrument(m, planModule(m, SCHEDULE_V1)));
const a = new W.Instance(new W.Module(orig), {}).exports;
const b = new W.Instance(new W.Module(instr), {}).exports;
const LIMIT = 1n << 60n;

function time(ex: Record<string, any>, name: string, arg: number, metered: boolean): [number, unknown] {
  if (metered) { ex.__silk_gas.value = LIMIT; ex.__silk_stack.value = 0; ex.__silk_trap.value = 0; }
  const t0 = process.hrtime.bigint();
  const r = ex[name](arg);
  return [Number(process.hrtime.bigint() - t0) / 1e6, r];
}
const median = (xs: number[]) => { const s = [...xs].sort((x, y) => x - y); return s[s.length >> 1]!; };

const rounds = Number(process.argv[2] ?? 15);
const ratios: number[] = [];
for (const [name, arg] of KERNELS.filter(([k]) => !process.env.METER_ONLY || process.env.METER_ONLY.split(",").includes(k))) {
  for (let w = 0; w < 10; w++) { time(a, name, arg, false); time(b, name, arg, true); } // warm up / tier up
  const ta: number[] = [], tb: number[] = [];
  for (let k = 0; k < rounds; k++) {
    const [x, ra] = time(a, name, arg, false);
    const [y, rb] = time(b, name, arg, true);
    if (ra !== rb) throw new Error(`${name}: results differ ${ra} vs ${rb}`);
    ta.push(x); tb.push(y);
  }
  const r = median(tb) / median(ta);
  ratios.push(r);
  console.log(`${name.padEnd(6)} original ${median(ta).toFixed(2)} ms  instrumented ${median(tb).toFixed(2)} ms  ×${r.toFixed(2)}  gas ${LIMIT - (b.__silk_gas.value as bigint)}`);
}
console.log(`geomean ×${Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length).toFixed(2)}`);
