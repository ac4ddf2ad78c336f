// Benchmark kernels, written in WAT (compiled with wabt when the benchmark starts). Each
// exports `run(n)`; `n` scales the work so that the fast engine runs for tens of
// milliseconds and the interpreter comparison can use a smaller size. Each returns a
// checksum so that no engine can skip the work.

export interface Kernel {
  name: string;
  wat: string;
  /** Argument for the v8 timings (metering overhead, gas per second). */
  n: number;
  /** Argument for the interp-vs-v8 comparison. */
  nInterp: number;
  /** What the kernel's instruction mix stands for. */
  about: string;
}

export const KERNELS: Kernel[] = [
  {
    name: "fib",
    about: "recursive calls (call + frame accounting dominate)",
    n: 30,
    nInterp: 20,
    wat: `(module
      (func $fib (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                         (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "run") (param i32) (result i32) (call $fib (local.get 0))))`,
  },
  {
    name: "sieve",
    about: "byte loads/stores in tight loops (16 sieves of n bytes)",
    n: 1 << 20,
    nInterp: 1 << 12,
    wat: `(module
      (memory 16)
      (func $sieve (param $n i32) (result i32)
        (local $i i32) (local $j i32) (local $count i32)
        (memory.fill (i32.const 0) (i32.const 0) (local.get $n))
        (local.set $i (i32.const 2))
        (block $done
          (loop $outer
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (if (i32.eqz (i32.load8_u (local.get $i)))
              (then
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (local.set $j (i32.mul (local.get $i) (local.get $i)))
                (block $inner_done
                  (loop $inner
                    (br_if $inner_done (i32.ge_u (local.get $j) (local.get $n)))
                    (i32.store8 (local.get $j) (i32.const 1))
                    (local.set $j (i32.add (local.get $j) (local.get $i)))
                    (br $inner)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $outer)))
        (local.get $count))
      (func (export "run") (param $n i32) (result i32) (local $k i32) (local $sum i32)
        (loop $rep
          (local.set $sum (i32.add (local.get $sum) (call $sieve (local.get $n))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $rep (i32.lt_u (local.get $k) (i32.const 16))))
        (local.get $sum)))`,
  },
  {
    name: "hash64",
    about: "64-bit multiply / xor / rotate mixing (splitmix64-style)",
    n: 5_000_000,
    nInterp: 100_000,
    wat: `(module
      (func (export "run") (param $n i32) (result i64)
        (local $x i64) (local $z i64)
        (local.set $x (i64.const 0x243F6A8885A308D3))
        (block $done
          (loop $top
            (br_if $done (i32.eqz (local.get $n)))
            (local.set $x (i64.add (local.get $x) (i64.const 0x9E3779B97F4A7C15)))
            (local.set $z (local.get $x))
            (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30))) (i64.const 0xBF58476D1CE4E5B9)))
            (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27))) (i64.const 0x94D049BB133111EB)))
            (local.set $x (i64.xor (local.get $x) (i64.rotl (local.get $z) (i64.const 17))))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $top)))
        (local.get $x)))`,
  },
  {
    name: "isort",
    about: "insertion sort of i32s: nested loops with 32-bit loads/stores and compares",
    n: 8000,
    nInterp: 400,
    wat: `(module
      (memory 1)
      (func (export "run") (param $n i32) (result i32)
        (local $i i32) (local $j i32) (local $key i32) (local $seed i32) (local $prev i32)
        ;; fill with a linear congruential sequence
        (local.set $seed (i32.const 12345))
        (block $filled (loop $fill
          (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $seed (i32.add (i32.mul (local.get $seed) (i32.const 1103515245)) (i32.const 12345)))
          (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.shr_u (local.get $seed) (i32.const 8)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $fill)))
        (local.set $i (i32.const 1))
        (block $sorted (loop $outer
          (br_if $sorted (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $key (i32.load (i32.shl (local.get $i) (i32.const 2))))
          (local.set $j (local.get $i))
          (block $placed (loop $inner
            (br_if $placed (i32.eqz (local.get $j)))
            (local.set $prev (i32.load (i32.shl (i32.sub (local.get $j) (i32.const 1)) (i32.const 2))))
            (br_if $placed (i32.le_u (local.get $prev) (local.get $key)))
            (i32.store (i32.shl (local.get $j) (i32.const 2)) (local.get $prev))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $inner)))
          (i32.store (i32.shl (local.get $j) (i32.const 2)) (local.get $key))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $outer)))
        ;; checksum: the median element
        (i32.load (i32.shl (i32.shr_u (local.get $n) (i32.const 1)) (i32.const 2)))))`,
  },
];

/** A small contract for the per-call cost: reads its input size and returns it via the host. */
export const CALL_CONTRACT = `(module
  (import "silk" "input_size" (func $input_size (result i32)))
  (import "silk" "return" (func $return (param i32 i32)))
  (memory 1)
  (func (export "call")
    (i32.store (i32.const 0) (call $input_size))
    (call $return (i32.const 0) (i32.const 4))))`;
