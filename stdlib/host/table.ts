// The host interface v1 (DESIGN §3): the single source of truth for every function a contract
// may import. The compiler declares its imports from this table, the validator's policy admits
// exactly these (name + signature) from module `HOST_MODULE`, and the VM registers one
// implementation per entry (vm/host/), with a test proving the three agree.
//
// Conventions (docs/host.md has the full text):
// - pointers and lengths are i32 into the caller's linear memory, read as unsigned;
// - addresses are 32 bytes; u256 amounts are 32 bytes little-endian;
// - a host function charges `gas.base + gas.perByte × bytes` BEFORE doing its work, where
//   `bytes` is the sum of the quantities listed in `gas.bytes` (see `ByteCount`);
// - out-of-bounds memory → trap `memory_oob`; invalid arguments → trap `host_error`.
//
// Gas is calibrated at roughly 1 gas ≈ 1 ns of host work on the reference machine (Node 20,
// @noble/hashes 2 / @noble/curves 2): e.g. sha256 ≈ 2 µs per call + 6.6 ns per byte,
// keccak256 ≈ 35 ns per byte, ed25519 verify ≈ 1.3 ms. A host call also costs a JS boundary
// crossing, hence the minimum base of 100. Storage prices carry the cost of the node's Merkle
// tree, not only of the in-memory map.

// Value types by their binary encoding (Wasm spec §5.3.1). Defined here rather than imported
// from vm/wasm so that the compiler, which reads this table, never depends on the VM
// (DESIGN §1); a test checks they equal vm/wasm/module.ts's constants.
export type ValType = number;
export const I32: ValType = 0x7f;
export const I64: ValType = 0x7e;

export const HOST_MODULE = "silk";

/** Version of this table; part of the VM's cache keys and receipts. */
export const HOST_INTERFACE_VERSION = "silk-host-v1";

/**
 * One quantity of bytes counted by a gas formula:
 * - `{ arg: i }` — the unsigned value of i32 argument `i` (a length);
 * - `{ arg: i, times: n }` — that value × n (e.g. topic count × 32);
 * - `"value"` — the length the host returns or copies out, known only after the lookup
 *   (e.g. the bytes `storage_get` copies). It is charged after the lookup and before the copy.
 */
export type ByteCount = { readonly arg: number; readonly times?: number } | "value";

export interface HostGas {
  readonly base: number;
  readonly perByte: number;
  readonly bytes: readonly ByteCount[];
}

export interface HostFnSpec {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly gas: HostGas;
  readonly doc: string;
}

function fn(name: string, params: ValType[], results: ValType[], gas: HostGas, doc: string): HostFnSpec {
  return Object.freeze({ name, params: Object.freeze(params), results: Object.freeze(results), gas: Object.freeze(gas), doc });
}

const NO_BYTES: readonly ByteCount[] = Object.freeze([]);
/** A fixed-price function: `base` gas, nothing per byte. */
const flat = (base: number): HostGas => ({ base, perByte: 0, bytes: NO_BYTES });

/** Most topics an event may carry (the selector plus three indexed fields). */
export const MAX_TOPICS = 4;
/** Width of an address, a hash, a topic and a u256 amount. */
export const WORD = 32;

export const HOST_FUNCTIONS: ReadonlyArray<HostFnSpec> = Object.freeze([
  // ── call data ────────────────────────────────────────────────────────────────────────────
  // gas = 100
  fn("input_size", [], [I32], flat(100), "Length of this call's input in bytes."),
  // gas = 100 + 1 × len
  fn("input_read", [I32, I32, I32], [], { base: 100, perByte: 1, bytes: [{ arg: 2 }] },
    "input_read(dst, offset, len): copy input[offset .. offset+len] to memory at dst. " +
    "Traps host_error if the range exceeds the input."),
  // gas = 100 + 1 × len
  fn("return", [I32, I32], [], { base: 100, perByte: 1, bytes: [{ arg: 1 }] },
    "return(ptr, len): set the return data to memory[ptr .. ptr+len] and end execution with status ok."),
  // gas = 100 + 1 × len
  fn("revert", [I32, I32], [], { base: 100, perByte: 1, bytes: [{ arg: 1 }] },
    "revert(ptr, len): end execution with status revert and return data memory[ptr .. ptr+len]; " +
    "this frame's writes, events and transfers are undone."),

  // ── storage ──────────────────────────────────────────────────────────────────────────────
  // gas = 2000 + 3 × (key_len + copied)   where copied = min(value length, cap), 0 if missing
  fn("storage_get", [I32, I32, I32, I32], [I32], { base: 2000, perByte: 3, bytes: [{ arg: 1 }, "value"] },
    "storage_get(key, key_len, dst, cap) → length of the stored value, or -1 if there is none. " +
    "Copies the first min(length, cap) bytes to dst; a result > cap tells the caller to retry with a larger buffer."),
  // gas = 20000 + 10 × (key_len + value_len)
  fn("storage_set", [I32, I32, I32, I32], [], { base: 20000, perByte: 10, bytes: [{ arg: 1 }, { arg: 3 }] },
    "storage_set(key, key_len, val, val_len): store the value under the key of this contract. " +
    "An empty value is stored as such (it is not a removal). Traps host_error in a read-only call."),
  // gas = 5000 + 3 × key_len
  fn("storage_remove", [I32, I32], [], { base: 5000, perByte: 3, bytes: [{ arg: 1 }] },
    "storage_remove(key, key_len): delete the key of this contract (no effect if absent). " +
    "Traps host_error in a read-only call."),

  // ── environment ──────────────────────────────────────────────────────────────────────────
  // gas = 100 each
  fn("caller", [I32], [], flat(100), "caller(dst): write the 32-byte address of the immediate caller."),
  fn("origin", [I32], [], flat(100), "origin(dst): write the 32-byte address of the account that signed the transaction."),
  fn("self_address", [I32], [], flat(100), "self_address(dst): write this contract's 32-byte address."),
  fn("value", [I32], [], flat(100), "value(dst): write the value attached to this call, u256 little-endian (32 bytes)."),
  // gas = 1000 (a state read)
  fn("balance_of", [I32, I32], [], flat(1000),
    "balance_of(addr, dst): write the balance of the 32-byte address at addr, u256 little-endian, to dst."),
  // gas = 10000
  fn("transfer", [I32, I32], [I32], flat(10000),
    "transfer(to, amount) → 0 ok / 1 insufficient balance: move the u256 at amount from this contract to " +
    "the address at to. Runs no code at the destination. Undone if this frame later reverts. " +
    "Traps host_error in a read-only call."),
  fn("block_height", [], [I64], flat(100), "Height of the block being executed."),
  fn("block_time", [], [I64], flat(100), "Timestamp of the block being executed, in seconds since the Unix epoch (from the block header)."),
  fn("chain_id", [], [I64], flat(100), "Numeric id of the chain."),
  fn("gas_left", [], [I64], flat(100), "Gas remaining after this function's own charge."),

  // ── events ───────────────────────────────────────────────────────────────────────────────
  // gas = 1000 + 8 × (32 × topic_count + data_len)
  fn("emit", [I32, I32, I32, I32], [], { base: 1000, perByte: 8, bytes: [{ arg: 1, times: WORD }, { arg: 3 }] },
    "emit(topics, topic_count, data, data_len): log an event of this contract; topics are topic_count " +
    "consecutive 32-byte words (at most 4, else host_error). Undone if this frame reverts. Traps host_error in a read-only call."),

  // ── cross-contract calls ─────────────────────────────────────────────────────────────────
  // gas = 5000 + 1 × input_len, then the gas the callee used (at most the limit it was given)
  fn("call", [I32, I32, I32, I32, I64], [I32], { base: 5000, perByte: 1, bytes: [{ arg: 2 }] },
    "call(addr, input, input_len, value, gas) → 0 ok / 1 revert / 2 failed: call the `call` export of " +
    "the contract at addr with the input and the u256 value at value, giving it min(gas as u64, gas left) " +
    "gas. Failed = trap, out of gas, no code, insufficient value, call depth, or re-entrancy denied. " +
    "The callee's return data (ok or revert) is then readable through returndata_size/returndata_read."),
  fn("returndata_size", [], [I32], flat(100), "Length of the return data of the last call made by this frame (0 before any call)."),
  // gas = 100 + 1 × len
  fn("returndata_read", [I32, I32, I32], [], { base: 100, perByte: 1, bytes: [{ arg: 2 }] },
    "returndata_read(dst, offset, len): copy returndata[offset .. offset+len] to dst; host_error if out of range."),

  // ── cryptography ─────────────────────────────────────────────────────────────────────────
  // gas = 2000 + 7 × len
  fn("sha256", [I32, I32, I32], [], { base: 2000, perByte: 7, bytes: [{ arg: 1 }] },
    "sha256(ptr, len, dst): write SHA-256(memory[ptr .. ptr+len]) (32 bytes) to dst."),
  // gas = 5000 + 36 × len
  fn("keccak256", [I32, I32, I32], [], { base: 5000, perByte: 36, bytes: [{ arg: 1 }] },
    "keccak256(ptr, len, dst): write Keccak-256 (the original Keccak padding, as Ethereum uses) to dst."),
  // gas = 2500 + 20 × len
  fn("blake3", [I32, I32, I32], [], { base: 2500, perByte: 20, bytes: [{ arg: 1 }] },
    "blake3(ptr, len, dst): write the 32-byte BLAKE3 hash to dst."),
  // gas = 1400000 + 6 × msg_len
  fn("ed25519_verify", [I32, I32, I32, I32], [I32], { base: 1_400_000, perByte: 6, bytes: [{ arg: 2 }] },
    "ed25519_verify(pubkey, msg, msg_len, sig) → 1 valid / 0 invalid: pubkey is 32 bytes, sig 64 bytes. " +
    "The pinned rule: strict RFC 8032 (canonical R, A and S < L; small-order public keys rejected; " +
    "cofactored equation), i.e. @noble/curves ed25519.verify with { zip215: false }."),

  // ── diagnostics ──────────────────────────────────────────────────────────────────────────
  // gas = 500 + 1 × len
  fn("debug", [I32, I32], [], { base: 500, perByte: 1, bytes: [{ arg: 1 }] },
    "debug(ptr, len): no effect on chain; the VM may collect the bytes as a debug line outside consensus data."),
]);

/** The spec of a host function by name (undefined for unknown names). */
export function hostFnSpec(name: string): HostFnSpec | undefined {
  return HOST_FUNCTIONS.find((f) => f.name === name);
}

/**
 * The gas a host call costs by its formula. `args` are the call's Wasm arguments (i32 as signed
 * numbers, read here as unsigned lengths); `value` is the "value" quantity when the formula has one.
 */
export function hostGas(spec: HostFnSpec, args: ReadonlyArray<number | bigint>, value = 0): bigint {
  let bytes = 0n;
  for (const b of spec.gas.bytes) {
    if (b === "value") bytes += BigInt(value);
    else bytes += BigInt(Number(args[b.arg]) >>> 0) * BigInt(b.times ?? 1);
  }
  return BigInt(spec.gas.base) + BigInt(spec.gas.perByte) * bytes;
}
