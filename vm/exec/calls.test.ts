// Cross-contract calls: frames, reverts at depth, value, gas limits, re-entrancy, depth and
// stack caps, read-only propagation. Every scenario runs on both engines and must give
// identical ExecResults and final states.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import wabtInit from "wabt";
import { InterpEngine } from "../engine/interp/index.js";
import { V8Engine } from "../engine/v8/engine.js";
import type { Engine } from "../engine/types.js";
import { u256ToBytes } from "../host/codec.js";
import { acrossEngines, addr, ALICE, concat, readU32le, u32le, u64le, type World } from "./testkit.js";
import { DEEP, PROXY, SELF_CALL, STORE, withCustomSection } from "./testkit-contracts.js";
import { REENTRANT_SECTION } from "./reentrancy.js";
import type { ExecResult } from "./result.js";
import { MAX_CALL_DEPTH } from "./vm.js";
import { SCHEDULE_V1 } from "../meter/schedule.js";

const wabt = await wabtInit();
const FEATURES = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };
const wasm = (text: string) => new Uint8Array(wabt.parseWat("t.wat", text, FEATURES).toBinary({}).buffer);
const CODE = { store: wasm(STORE), proxy: wasm(PROXY), self: wasm(SELF_CALL), deep: wasm(DEEP) };

const ENGINES: (() => Engine)[] = [() => new InterpEngine(), () => new V8Engine()];
const both = acrossEngines(ENGINES, (a, b) => expect(a).toEqual(b));
const GAS = 10_000_000n;
const ENTER = new Uint8Array([1, 2, 3, 4]);
const INNER = new Uint8Array([5, 6, 7, 8]);
const K1 = new TextEncoder().encode("k1");
const P = new TextEncoder().encode("p");

function deploy(w: World, code: Uint8Array): Uint8Array {
  const { address, result } = w.vm.deploy({ from: ALICE, code, gas: 100_000_000n });
  expect(result.status).toBe("ok");
  return address;
}
function call(w: World, to: Uint8Array, input: Uint8Array, extra: Partial<Parameters<World["vm"]["call"]>[0]> = {}): ExecResult {
  return w.vm.call({ from: ALICE, to, input, gas: GAS, ...extra });
}
/** PROXY's input: op ‖ target ‖ gas ‖ value ‖ inner input. */
function viaProxy(op: 1 | 2, target: Uint8Array, inner: Uint8Array | number[], gas = 5_000_000n, value = 0n): Uint8Array {
  return concat(new Uint8Array([op]), target, u64le(gas), u256ToBytes(value), new Uint8Array(inner));
}
const statusOf = (r: ExecResult) => readU32le(r.returnData);

describe("nested calls", () => {
  it("an ok callee's writes survive, after the caller's own, in order", () => {
    const r = both((w) => {
      const p = deploy(w, CODE.proxy), s = deploy(w, CODE.store);
      return { p, s, r: call(w, p, viaProxy(1, s, [1, 5])) };
    });
    expect(r.r.status).toBe("ok");
    expect(statusOf(r.r)).toBe(0);
    expect(r.r.writes).toEqual([
      { address: r.p, key: P, value: new Uint8Array([1]) },
      { address: r.s, key: K1, value: new Uint8Array([5]) },
    ]);
  });

  it("a revert in the callee undoes only the callee; its revert data reaches the caller", () => {
    const r = both((w) => {
      const p = deploy(w, CODE.proxy), s = deploy(w, CODE.store);
      call(w, s, new Uint8Array([1, 1])); // k1 = 1 before
      const res = call(w, p, viaProxy(1, s, [3, 9]));
      return { p, res, after: call(w, s, new Uint8Array([2])) };
    });
    expect(r.res.status).toBe("ok");
    expect([...r.res.returnData]).toEqual([1, 0, 0, 0, 9]);
    expect(r.res.writes).toEqual([{ address: r.p, key: P, value: new Uint8Array([1]) }]);
    expect(r.res.events).toEqual([]);
    expect([...r.after.returnData]).toEqual([1]);
  });

  it("a revert in the caller undoes an ok callee too", () => {
    const r = both((w) => {
      const p = deploy(w, CODE.proxy), s = deploy(w, CODE.store);
      return { res: call(w, p, viaProxy(2, s, [1, 5])), k1: call(w, s, new Uint8Array([2])) };
    });
    expect(r.res).toMatchObject({ status: "revert", writes: [], events: [] });
    expect([...r.res.returnData]).toEqual([0, 0, 0, 0]);
    expect(r.k1.status).toBe("revert"); // k1 was never kept
  });

  it("a trapping callee or a missing contract is status 2 with empty return data", () => {
    const r = both((w) => {
      const p = deploy(w, CODE.proxy), s = deploy(w, CODE.store);
      return [call(w, p, viaProxy(1, s, [6, 1])), call(w, p, viaProxy(1, addr(0x77), [1]))];
    });
    for (const x of r) expect([...x.returnData]).toEqual([2, 0, 0, 0]);
  });

  it("out of gas in a callee costs the caller exactly the callee's limit, and the caller goes on", () => {
    const r = both((w) => {
      const p = deploy(w, CODE.proxy), s = deploy(w, CODE.store);
      // Baseline: the same proxy run with a callee that uses no gas at all (no code there).
      const none = call(w, p, viaProxy(1, addr(0x77), [7, 1], 50_000n));
      const oog = call(w, p, viaProxy(1, s, [7, 1], 50_000n));
      return { none, oog, k1: call(w, s, new Uint8Array([2])) };
    });
    expect(statusOf(r.none)).toBe(2);
    expect(r.oog.status).toBe("ok");
    expect(statusOf(r.oog)).toBe(2);
    expect(r.oog.gasUsed - r.none.gasUsed).toBe(50_000n);
    expect(r.oog.writes.length).toBe(1); // the proxy's own; the callee's k1 write is undone
    expect(r.k1.status).toBe("revert");
  });

  it("the callee's gas is capped at what the caller has left", () => {
    const r = both((w) => {
      const p = deploy(w, CODE.proxy), s = deploy(w, CODE.store);
      // Requests u64::MAX; the callee burns everything, so the caller runs out right after.
      return call(w, p, viaProxy(1, s, [7, 1], (1n << 64n) - 1n), { gas: 1_000_000n });
    });
    expect(r).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: 1_000_000n, writes: [] });
  });
});

describe("value in nested calls", () => {
  it("moves before the call and is undone with a failing callee", () => {
    const r = both((w) => {
      const p = deploy(w, CODE.proxy), s = deploy(w, CODE.store);
      const ok = call(w, p, viaProxy(1, s, [1, 5], 5_000_000n, 10n), { value: 100n });
      const reverted = call(w, p, viaProxy(1, s, [3, 5], 5_000_000n, 10n));
      const tooMuch = call(w, p, viaProxy(1, s, [1, 5], 5_000_000n, 1000n));
      const bal = (a: Uint8Array) => w.state.getBalance(a);
      return { ok, reverted, tooMuch, p: bal(p), s: bal(s), ps: [p, s] };
    });
    expect(statusOf(r.ok)).toBe(0);
    expect(r.ok.transfers).toEqual([
      { from: ALICE, to: r.ps[0], amount: 100n },
      { from: r.ps[0], to: r.ps[1], amount: 10n },
    ]);
    expect(statusOf(r.reverted)).toBe(1);
    expect(r.reverted.transfers).toEqual([]);
    expect(statusOf(r.tooMuch)).toBe(2);
    expect([r.p, r.s]).toEqual([90n, 10n]);
  });
});

describe("re-entrancy", () => {
  it("is denied without the silk.reentrant section", () => {
    const r = both((w) => {
      const c = deploy(w, CODE.self);
      return { enter: call(w, c, ENTER), direct: call(w, c, INNER) };
    });
    expect(statusOf(r.enter)).toBe(2);
    expect(r.enter.writes).toEqual([]);
    expect(r.direct.writes.length).toBe(1); // the inner entry point itself works
  });

  it("is allowed for the selectors the section lists, and only those", () => {
    const r = both((w) => {
      const allowed = deploy(w, withCustomSection(CODE.self, REENTRANT_SECTION, INNER));
      const other = deploy(w, withCustomSection(CODE.self, REENTRANT_SECTION, new Uint8Array([9, 9, 9, 9])));
      return { allowed, yes: call(w, allowed, ENTER), no: call(w, other, ENTER) };
    });
    expect(statusOf(r.yes)).toBe(0);
    expect(r.yes.writes).toEqual([{ address: r.allowed, key: INNER, value: INNER }]);
    expect(statusOf(r.no)).toBe(2);
  });

  it("A → B → A is denied; A → B → C (same code as A) is not", () => {
    const r = both((w) => {
      const a = deploy(w, CODE.proxy), b = deploy(w, CODE.proxy), c = deploy(w, CODE.proxy), s = deploy(w, CODE.store);
      const back = call(w, a, viaProxy(1, b, viaProxy(1, a, viaProxy(1, s, [1, 1]))));
      const onward = call(w, a, viaProxy(1, b, viaProxy(1, c, viaProxy(1, s, [4]))));
      return { back, onward };
    });
    // a's result: status of b (ok) ‖ b's return: status of the call back into a (failed).
    expect([...r.back.returnData]).toEqual([0, 0, 0, 0, 2, 0, 0, 0]);
    expect([...r.onward.returnData]).toEqual(new Array(12).fill(0));
  });

  it("refuses to deploy a malformed section", () => {
    both((w) => {
      const d = w.vm.deploy({ from: ALICE, code: withCustomSection(CODE.self, REENTRANT_SECTION, new Uint8Array(3)), gas: 100_000_000n });
      expect(d.result).toMatchObject({ status: "rejected", rejection: "reentrant_section" });
      return d;
    });
  });
});

describe("depth and stack", () => {
  const deepInput = (n: number) => concat(INNER, u32le(n));

  it("caps the call depth (here 8 frames: 7 nested levels)", () => {
    const run = acrossEngines(ENGINES, (a, b) => expect(a).toEqual(b), { maxCallDepth: 8 });
    const r = run((w) => {
      const d = deploy(w, withCustomSection(CODE.deep, REENTRANT_SECTION, INNER));
      return [call(w, d, deepInput(3)), call(w, d, deepInput(100))];
    });
    expect(r.map(statusOf)).toEqual([3, 7]);
  });

  it("the default cap is 32 frames", () => {
    // A small nestedCallStack, so that the stack budget cannot be what stops the recursion.
    const run = acrossEngines(ENGINES, (a, b) => expect(a).toEqual(b), { schedule: { ...SCHEDULE_V1, nestedCallStack: 64 } });
    const r = run((w) => call(w, deploy(w, withCustomSection(CODE.deep, REENTRANT_SECTION, INNER)), deepInput(100)));
    expect(r.status).toBe("ok");
    expect(statusOf(r)).toBe(MAX_CALL_DEPTH - 1);
  });

  it("stack units continue across nested calls (nestedCallStack per level)", () => {
    // Without a depth cap only the shared stack-unit budget stops the recursion: each level
    // costs nestedCallStack units plus its frame, so doubling the per-call units halves the depth.
    const levels = (nestedCallStack: number) => {
      const run = acrossEngines(ENGINES, (a, b) => expect(a).toEqual(b), {
        maxCallDepth: 10_000, schedule: { ...SCHEDULE_V1, nestedCallStack },
      });
      const r = run((w) => call(w, deploy(w, withCustomSection(CODE.deep, REENTRANT_SECTION, INNER)), deepInput(10_000), { gas: 1_000_000_000n }));
      expect(r.status).toBe("ok");
      return statusOf(r);
    };
    const limit = SCHEDULE_V1.stackLimit;
    const l2k = levels(2048), l1k = levels(1024);
    // Level k starts at ≥ k × nestedCallStack units; it must stay below the limit.
    expect(l2k).toBeLessThan(limit / 2048);
    expect(l2k).toBeGreaterThanOrEqual(limit / 2048 - 2);
    expect(l1k).toBeLessThan(limit / 1024);
    expect(l1k).toBeGreaterThanOrEqual(limit / 1024 - 2);
  });
});

describe("read-only propagation", () => {
  it("a nested call from a read-only frame is read-only too", () => {
    const r = both((w) => {
      const c = deploy(w, withCustomSection(CODE.self, REENTRANT_SECTION, INNER));
      return { ro: call(w, c, ENTER, { readOnly: true }), rw: call(w, c, ENTER) };
    });
    expect(statusOf(r.ro)).toBe(2); // the inner frame's storage_set trapped
    expect(r.ro.writes).toEqual([]);
    expect(statusOf(r.rw)).toBe(0);
  });
});

describe("gas limits (property)", () => {
  it("engines agree at every limit; enough gas gives the full result, less gives OOG or a failed callee", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 3, 6, 7), fc.double({ min: 0, max: 1.1, noNaN: true }), (op, frac) => {
        both((w) => {
          const p = deploy(w, CODE.proxy), s = deploy(w, CODE.store);
          const input = viaProxy(1, s, [op, 4], 60_000n);
          const before = w.state.dump();
          const full = call(w, p, input);
          w.state.setStorage(p, P, new Uint8Array([0])); // a state that a run without effect leaves alone
          w.state.removeStorage(s, K1);
          const reset = w.state.dump();
          const g = BigInt(Math.floor(Number(full.gasUsed) * frac));
          const r = call(w, p, input, { gas: g });
          if (g >= full.gasUsed) expect(r).toEqual(full);
          else if (r.status === "trap") {
            expect(r).toMatchObject({ trap: "out_of_gas", gasUsed: g, writes: [], events: [], transfers: [] });
            expect(w.state.dump()).toEqual(reset);
          } else {
            // The caller survived by giving its callee less gas than in the full run.
            expect(r.status).toBe("ok");
            expect(statusOf(r)).toBe(2);
            expect(statusOf(full)).not.toBe(2);
          }
          expect(before.code.length).toBe(2);
          return r;
        });
      }),
      { numRuns: 40 },
    );
  });
});
