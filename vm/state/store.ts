// How the VM sees world state (DESIGN §5 "State"): one interface with nestable
// checkpoint / commit / revert, so that a revert at any call depth undoes exactly the
// writes made since that frame's checkpoint. The node implements it over its Merkle tree;
// `MemoryState` (memory.ts) is the in-memory reference used by tests and tools.

/** A 32-byte account or contract address. */
export type Address = Uint8Array;

export interface StateStore {
  /** The value under (address, key), or undefined when absent. Never returns a shared buffer. */
  getStorage(address: Address, key: Uint8Array): Uint8Array | undefined;
  setStorage(address: Address, key: Uint8Array, value: Uint8Array): void;
  removeStorage(address: Address, key: Uint8Array): void;

  /** Balance in the chain's smallest unit; 0 for an unknown account. */
  getBalance(address: Address): bigint;
  /** Set a balance; negative values are a programming error and throw. */
  setBalance(address: Address, amount: bigint): void;

  /** Account nonce; 0 for an unknown account. The VM uses it to derive contract addresses. */
  getNonce(address: Address): bigint;
  setNonce(address: Address, nonce: bigint): void;

  /** Contract code (the Wasm bytes) at an address, or undefined when there is none. */
  getCode(address: Address): Uint8Array | undefined;
  setCode(address: Address, code: Uint8Array): void;

  /** Open a nested checkpoint; every change after it is undone by the matching `revert`. */
  checkpoint(): void;
  /** Close the innermost checkpoint, keeping its changes (they join the enclosing checkpoint). */
  commit(): void;
  /** Close the innermost checkpoint, undoing every change made since it was opened. */
  revert(): void;
  /** Number of open checkpoints. */
  depth(): number;
}

/** Lowercase hex of bytes (the key form of MemoryState and of sorted dumps). */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error(`bad hex: ${hex}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
