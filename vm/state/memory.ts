// The in-memory reference StateStore. Every change records its undo entry in one journal;
// a checkpoint is a journal length, so revert replays undo entries back to that length and
// commit simply forgets the mark (the entries stay, owned by the enclosing checkpoint).

import { toHex, type Address, type StateStore } from "./store.js";

/** A sorted, plain-data view of the whole state, for tests and debugging. */
export interface StateDump {
  /** [address hex, key hex, value hex], sorted by address then key. */
  storage: [string, string, string][];
  /** [address hex, balance], sorted by address; zero balances are omitted. */
  balances: [string, bigint][];
  /** [address hex, nonce], sorted; zero nonces are omitted. */
  nonces: [string, bigint][];
  /** [address hex, code hex], sorted. */
  code: [string, string][];
}

interface Undo {
  map: Map<string, unknown>;
  key: string;
  /** The value before the change; undefined = the key was absent. */
  prev: unknown;
}

const copy = (b: Uint8Array): Uint8Array => new Uint8Array(b);

export class MemoryState implements StateStore {
  // Keys are hex strings: "addr/key" for storage, "addr" for accounts. These maps are only
  // iterated by `dump`, which sorts, so their insertion order is never observable.
  private readonly storage = new Map<string, Uint8Array>();
  private readonly balances = new Map<string, bigint>();
  private readonly nonces = new Map<string, bigint>();
  private readonly code = new Map<string, Uint8Array>();
  private readonly journal: Undo[] = [];
  private readonly marks: number[] = [];

  getStorage(address: Address, key: Uint8Array): Uint8Array | undefined {
    const v = this.storage.get(storageKey(address, key));
    return v === undefined ? undefined : copy(v);
  }
  setStorage(address: Address, key: Uint8Array, value: Uint8Array): void {
    this.put(this.storage, storageKey(address, key), copy(value));
  }
  removeStorage(address: Address, key: Uint8Array): void {
    this.put(this.storage, storageKey(address, key), undefined);
  }

  getBalance(address: Address): bigint {
    return this.balances.get(toHex(address)) ?? 0n;
  }
  setBalance(address: Address, amount: bigint): void {
    if (amount < 0n) throw new RangeError("negative balance");
    this.put(this.balances, toHex(address), amount === 0n ? undefined : amount);
  }

  getNonce(address: Address): bigint {
    return this.nonces.get(toHex(address)) ?? 0n;
  }
  setNonce(address: Address, nonce: bigint): void {
    if (nonce < 0n) throw new RangeError("negative nonce");
    this.put(this.nonces, toHex(address), nonce === 0n ? undefined : nonce);
  }

  getCode(address: Address): Uint8Array | undefined {
    const c = this.code.get(toHex(address));
    return c === undefined ? undefined : copy(c);
  }
  setCode(address: Address, code: Uint8Array): void {
    this.put(this.code, toHex(address), copy(code));
  }

  checkpoint(): void {
    this.marks.push(this.journal.length);
  }
  commit(): void {
    if (this.marks.length === 0) throw new Error("commit without checkpoint");
    this.marks.pop();
    // Outside every checkpoint nothing can be undone any more: drop the journal.
    if (this.marks.length === 0) this.journal.length = 0;
  }
  revert(): void {
    const mark = this.marks.pop();
    if (mark === undefined) throw new Error("revert without checkpoint");
    while (this.journal.length > mark) {
      const u = this.journal.pop()!;
      if (u.prev === undefined) u.map.delete(u.key);
      else u.map.set(u.key, u.prev);
    }
  }
  depth(): number {
    return this.marks.length;
  }

  dump(): StateDump {
    const sorted = <V>(m: Map<string, V>): [string, V][] =>
      [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return {
      storage: sorted(this.storage).map(([k, v]) => {
        const [addr, key] = k.split("/");
        return [addr, key, toHex(v)];
      }),
      balances: sorted(this.balances),
      nonces: sorted(this.nonces),
      code: sorted(this.code).map(([k, v]) => [k, toHex(v)]),
    };
  }

  /** Set or delete (`value` undefined) a map entry, journaling the previous value when inside a checkpoint. */
  private put<V>(map: Map<string, V>, key: string, value: V | undefined): void {
    if (this.marks.length > 0) this.journal.push({ map: map as Map<string, unknown>, key, prev: map.get(key) });
    if (value === undefined) map.delete(key);
    else map.set(key, value);
  }
}

function storageKey(address: Address, key: Uint8Array): string {
  // "/" cannot occur in hex, so the pair is unambiguous even for an empty key.
  return `${toHex(address)}/${toHex(key)}`;
}
