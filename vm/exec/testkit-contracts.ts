// WAT sources of the contracts the Vm tests run (vm/exec/*.test.ts). Each is written by hand
// against the host table, with the first input byte (or 4-byte selector) choosing what to do.
// Memory map shared by all: input copied to 256, scratch above 1024.

import { hostImportsWat } from "./testkit.js";

const INPUT_FN = `
  (func $input (result i32)
    (local $n i32)
    (local.set $n (call $input_size))
    (call $input_read (i32.const 256) (i32.const 0) (local.get $n))
    (local.get $n))`;

function contract(body: string): string {
  return `(module\n${hostImportsWat()}\n(memory (export "memory") 1)\n(data (i32.const 0) "k1p")\n${INPUT_FN}\n${body}\n)`;
}

/**
 * STORE: op = input[0].
 * 1 set k1 := input[1..] · 2 return k1 (revert empty if missing) · 3 set k1, emit, revert input[1..]
 * 4 remove k1 · 5 emit input[1] topics (input[2..]) with the rest as data · 6 set k1, unreachable
 * 7 set k1, loop forever · 8 transfer(to = input[1..33], amount = input[33..65]) → status (4 bytes)
 * 9 return caller ‖ origin ‖ self ‖ value ‖ height ‖ time ‖ chain id (152 bytes)
 * export "values": returns (i32 -1, i64 258) without calling `return`.
 */
export const STORE = contract(`
  (func (export "call")
    (local $n i32) (local $op i32) (local $t i32)
    (local.set $n (call $input))
    (local.set $op (i32.load8_u (i32.const 256)))
    (if (i32.eq (local.get $op) (i32.const 1)) (then
      (call $storage_set (i32.const 0) (i32.const 2) (i32.const 257) (i32.sub (local.get $n) (i32.const 1)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 2)) (then
      (local.set $n (call $storage_get (i32.const 0) (i32.const 2) (i32.const 1024) (i32.const 1024)))
      (if (i32.lt_s (local.get $n) (i32.const 0)) (then (call $revert (i32.const 0) (i32.const 0))))
      (call $return (i32.const 1024) (local.get $n))))
    (if (i32.eq (local.get $op) (i32.const 3)) (then
      (call $storage_set (i32.const 0) (i32.const 2) (i32.const 257) (i32.sub (local.get $n) (i32.const 1)))
      (call $emit (i32.const 0) (i32.const 0) (i32.const 257) (i32.const 1))
      (call $revert (i32.const 257) (i32.sub (local.get $n) (i32.const 1)))))
    (if (i32.eq (local.get $op) (i32.const 4)) (then
      (call $storage_remove (i32.const 0) (i32.const 2))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 5)) (then
      (local.set $t (i32.load8_u (i32.const 257)))
      (call $emit (i32.const 258) (local.get $t)
        (i32.add (i32.const 258) (i32.mul (local.get $t) (i32.const 32)))
        (i32.sub (local.get $n) (i32.add (i32.const 2) (i32.mul (local.get $t) (i32.const 32)))))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 6)) (then
      (call $storage_set (i32.const 0) (i32.const 2) (i32.const 257) (i32.const 1))
      unreachable))
    (if (i32.eq (local.get $op) (i32.const 7)) (then
      (call $storage_set (i32.const 0) (i32.const 2) (i32.const 257) (i32.const 1))
      (loop $forever (br $forever))))
    (if (i32.eq (local.get $op) (i32.const 8)) (then
      (i32.store (i32.const 2048) (call $transfer (i32.const 257) (i32.const 289)))
      (call $return (i32.const 2048) (i32.const 4))))
    (if (i32.eq (local.get $op) (i32.const 9)) (then
      (call $caller (i32.const 2048))
      (call $origin (i32.const 2080))
      (call $self_address (i32.const 2112))
      (call $value (i32.const 2144))
      (i64.store (i32.const 2176) (call $block_height))
      (i64.store (i32.const 2184) (call $block_time))
      (i64.store (i32.const 2192) (call $chain_id))
      (call $return (i32.const 2048) (i32.const 152)))))
  (func (export "values") (result i32 i64) (i32.const -1) (i64.const 258))`);

/**
 * PROXY: input = op(1) ‖ target(32) ‖ gas(u64 LE) ‖ value(u256 LE) ‖ inner input.
 * Sets key "p" := op, calls the target, and ends with status(u32 LE) ‖ the callee's return
 * data: `return` when op is 1, `revert` when op is 2.
 */
export const PROXY = contract(`
  (func (export "call")
    (local $n i32) (local $st i32) (local $rl i32)
    (local.set $n (call $input))
    (call $storage_set (i32.const 2) (i32.const 1) (i32.const 256) (i32.const 1))
    (local.set $st (call $call (i32.const 257) (i32.const 329) (i32.sub (local.get $n) (i32.const 73))
      (i32.const 297) (i64.load (i32.const 289))))
    (local.set $rl (call $returndata_size))
    (i32.store (i32.const 4096) (local.get $st))
    (call $returndata_read (i32.const 4100) (i32.const 0) (local.get $rl))
    (if (i32.eq (i32.load8_u (i32.const 256)) (i32.const 2)) (then
      (call $revert (i32.const 4096) (i32.add (local.get $rl) (i32.const 4)))))
    (call $return (i32.const 4096) (i32.add (local.get $rl) (i32.const 4))))`);

/**
 * SELF_CALL: selector 01 02 03 04 calls itself with selector 05 06 07 08 and returns the
 * call's status (u32 LE); any other input sets key input[0..4] := input and returns it.
 */
export const SELF_CALL = contract(`
  (func (export "call")
    (local $st i32)
    (drop (call $input))
    (if (i32.eq (i32.load (i32.const 256)) (i32.const 0x04030201)) (then
      (call $self_address (i32.const 1024))
      (i32.store (i32.const 1088) (i32.const 0x08070605))
      (local.set $st (call $call (i32.const 1024) (i32.const 1088) (i32.const 4) (i32.const 1152) (i64.const 1000000)))
      (i32.store (i32.const 1200) (local.get $st))
      (call $return (i32.const 1200) (i32.const 4))))
    (call $storage_set (i32.const 256) (i32.const 4) (i32.const 256) (i32.const 4))
    (call $return (i32.const 256) (i32.const 4)))`);

/**
 * DEEP: input = selector(4) ‖ n(u32 LE). For n > 0 calls itself with n-1 and all its gas;
 * returns (u32 LE) how many nested levels below it succeeded (0 if its own call failed).
 */
export const DEEP = contract(`
  (func (export "call")
    (local $st i32)
    (drop (call $input))
    (if (i32.eqz (i32.load (i32.const 260))) (then
      (i32.store (i32.const 1200) (i32.const 0))
      (call $return (i32.const 1200) (i32.const 4))))
    (call $self_address (i32.const 1024))
    (i32.store (i32.const 1088) (i32.load (i32.const 256)))
    (i32.store (i32.const 1092) (i32.sub (i32.load (i32.const 260)) (i32.const 1)))
    (local.set $st (call $call (i32.const 1024) (i32.const 1088) (i32.const 8) (i32.const 1152) (call $gas_left)))
    (if (i32.ne (local.get $st) (i32.const 0)) (then
      (i32.store (i32.const 1200) (i32.const 0))
      (call $return (i32.const 1200) (i32.const 4))))
    (call $returndata_read (i32.const 1200) (i32.const 0) (i32.const 4))
    (i32.store (i32.const 1200) (i32.add (i32.load (i32.const 1200)) (i32.const 1)))
    (call $return (i32.const 1200) (i32.const 4)))`);

/** HASHER: "call" returns sha256 ‖ keccak256 ‖ blake3 of the input; "verify" checks pub(32) ‖ sig(64) ‖ msg. */
export const HASHER = contract(`
  (func (export "call")
    (local $n i32)
    (local.set $n (call $input))
    (call $sha256 (i32.const 256) (local.get $n) (i32.const 8192))
    (call $keccak256 (i32.const 256) (local.get $n) (i32.const 8224))
    (call $blake3 (i32.const 256) (local.get $n) (i32.const 8256))
    (call $return (i32.const 8192) (i32.const 96)))
  (func (export "verify") (result i32)
    (local $n i32)
    (local.set $n (call $input))
    (call $ed25519_verify (i32.const 256) (i32.const 352) (i32.sub (local.get $n) (i32.const 96)) (i32.const 288)))`);

/** WITH_INIT: `init` reverts on empty input, else stores k1 := input and emits it; `call` returns k1. */
export const WITH_INIT = contract(`
  (func (export "init")
    (local $n i32)
    (local.set $n (call $input))
    (if (i32.eqz (local.get $n)) (then (call $revert (i32.const 0) (i32.const 2))))
    (call $storage_set (i32.const 0) (i32.const 2) (i32.const 256) (local.get $n))
    (call $emit (i32.const 0) (i32.const 0) (i32.const 256) (local.get $n)))
  (func (export "call")
    (local $n i32)
    (local.set $n (call $storage_get (i32.const 0) (i32.const 2) (i32.const 1024) (i32.const 1024)))
    (call $return (i32.const 1024) (local.get $n)))`);

/** Append a custom section (id 0) to a module's bytes: how `silk.reentrant` is attached in tests. */
export function withCustomSection(wasm: Uint8Array, name: string, payload: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const content = [...leb(nameBytes.length), ...nameBytes, ...payload];
  return new Uint8Array([...wasm, 0, ...leb(content.length), ...content]);
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
