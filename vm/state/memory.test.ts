import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MemoryState } from "./memory.js";
import { fromHex, toHex } from "./store.js";

// The model: a plain snapshot of everything, copied whole at each checkpoint. Slow and
// obviously right, which is what a reference for the journal should be.
interface Model {
  storage: Map<string, string>;
  balances: Map<string, bigint>;
  nonces: Map<string, bigint>;
  code: Map<string, string>;
}
const cloneModel = (m: Model): Model => ({
  storage: new Map(m.storage), balances: new Map(m.balances), nonces: new Map(m.nonces), code: new Map(m.code),
});
const sortedEntries = <V>(m: Map<string, V>): [string, V][] => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
function modelDump(m: Model) {
  return {
    storage: sortedEntries(m.storage).map(([k, v]) => [...k.split("/"), v]),
    balances: sortedEntries(m.balances).filter(([, v]) => v !== 0n),
    nonces: sortedEntries(m.nonces).filter(([, v]) => v !== 0n),
    code: sortedEntries(m.code),
  };
}

// Small domains so that operations collide on the same keys often.
const addr = fc.constantFrom("aa", "bb", "cc").map((h) => fromHex(h.repeat(32)));
const key = fc.uint8Array({ maxLength: 2 }).map((k) => (k.length === 2 ? new Uint8Array([k[0] & 3, k[1] & 1]) : k));
const val = fc.uint8Array({ maxLength: 3 });

type Op =
  | { t: "set"; a: Uint8Array; k: Uint8Array; v: Uint8Array }
  | { t: "remove"; a: Uint8Array; k: Uint8Array }
  | { t: "balance"; a: Uint8Array; n: bigint }
  | { t: "nonce"; a: Uint8Array; n: bigint }
  | { t: "code"; a: Uint8Array; v: Uint8Array }
  | { t: "checkpoint" } | { t: "commit" } | { t: "revert" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant("set" as const), a: addr, k: key, v: val }),
  fc.record({ t: fc.constant("remove" as const), a: addr, k: key }),
  fc.record({ t: fc.constant("balance" as const), a: addr, n: fc.bigInt({ min: 0n, max: 3n }) }),
  fc.record({ t: fc.constant("nonce" as const), a: addr, n: fc.bigInt({ min: 0n, max: 3n }) }),
  fc.record({ t: fc.constant("code" as const), a: addr, v: val }),
  fc.constant({ t: "checkpoint" as const }),
  fc.constant({ t: "commit" as const }),
  fc.constant({ t: "revert" as const }),
);

describe("MemoryState", () => {
  it("agrees with a snapshot model under random operations and nested checkpoints", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const s = new MemoryState();
        let model: Model = { storage: new Map(), balances: new Map(), nonces: new Map(), code: new Map() };
        const snapshots: Model[] = [];
        for (const o of ops) {
          switch (o.t) {
            case "set": s.setStorage(o.a, o.k, o.v); model.storage.set(`${toHex(o.a)}/${toHex(o.k)}`, toHex(o.v)); break;
            case "remove": s.removeStorage(o.a, o.k); model.storage.delete(`${toHex(o.a)}/${toHex(o.k)}`); break;
            case "balance": s.setBalance(o.a, o.n); model.balances.set(toHex(o.a), o.n); break;
            case "nonce": s.setNonce(o.a, o.n); model.nonces.set(toHex(o.a), o.n); break;
            case "code": s.setCode(o.a, o.v); model.code.set(toHex(o.a), toHex(o.v)); break;
            case "checkpoint": s.checkpoint(); snapshots.push(cloneModel(model)); break;
            case "commit": if (snapshots.length === 0) continue; s.commit(); snapshots.pop(); break;
            case "revert": if (snapshots.length === 0) continue; s.revert(); model = snapshots.pop()!; break;
          }
          expect(s.depth()).toBe(snapshots.length);
          expect(s.dump()).toEqual(modelDump(model));
        }
        // Point reads agree with the model too, including absent keys.
        for (const a of ["aa", "bb", "cc"]) {
          const A = fromHex(a.repeat(32));
          expect(s.getBalance(A)).toBe(model.balances.get(toHex(A)) ?? 0n);
          expect(s.getNonce(A)).toBe(model.nonces.get(toHex(A)) ?? 0n);
          const c = s.getCode(A);
          expect(c === undefined ? undefined : toHex(c)).toBe(model.code.get(toHex(A)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("returns copies: mutating a read or a written buffer does not change the state", () => {
    const s = new MemoryState();
    const a = new Uint8Array(32);
    const v = new Uint8Array([1, 2, 3]);
    s.setStorage(a, new Uint8Array([9]), v);
    v[0] = 7;
    const r = s.getStorage(a, new Uint8Array([9]))!;
    r[1] = 7;
    expect([...s.getStorage(a, new Uint8Array([9]))!]).toEqual([1, 2, 3]);
  });

  it("distinguishes an empty value from an absent key, and the empty key from others", () => {
    const s = new MemoryState();
    const a = new Uint8Array(32);
    s.setStorage(a, new Uint8Array(0), new Uint8Array(0));
    expect(s.getStorage(a, new Uint8Array(0))).toEqual(new Uint8Array(0));
    expect(s.getStorage(a, new Uint8Array([0]))).toBeUndefined();
  });

  it("refuses unbalanced commit/revert and negative balances", () => {
    const s = new MemoryState();
    expect(() => s.commit()).toThrow();
    expect(() => s.revert()).toThrow();
    expect(() => s.setBalance(new Uint8Array(32), -1n)).toThrow(RangeError);
  });
});
