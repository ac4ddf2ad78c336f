// The Vm on single contracts: deploy, storage, events, reverts, traps, out of gas, read-only
// calls, transfers, environment, hashes. Every scenario runs on both engines and the two
// ExecResults (and final states) must be identical (DESIGN §5).

import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { ed25519 } from "@noble/curves/ed25519.js";
import { InterpEngine } from "../engine/interp/index.js";
import { V8Engine } from "../engine/v8/engine.js";
import type { Engine } from "../engine/types.js";
import { toHex, fromHex } from "../state/store.js";
import { u256ToBytes } from "../host/codec.js";
import { Vm } from "./vm.js";
import { contractAddress, nonceSalt } from "./address.js";
import { acrossEngines, addr, ALICE, concat, readU32le, utf8, type World } from "./testkit.js";
import { HASHER, STORE, WITH_INIT } from "./testkit-contracts.js";
import type { ExecResult } from "./result.js";

const wabt = await wabtInit();
const FEATURES = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };
const wasmCache = new Map<string, Uint8Array>();
function wasm(text: string): Uint8Array {
  let b = wasmCache.get(text);
  if (!b) {
    b = new Uint8Array(wabt.parseWat("t.wat", text, FEATURES).toBinary({}).buffer);
    wasmCache.set(text, b);
  }
  return b;
}

const ENGINES: (() => Engine)[] = [() => new InterpEngine(), () => new V8Engine()];
const GAS = 10_000_000n;
/** Run a scenario on every engine; results and final states must be identical. Returns the first. */
const both = acrossEngines(ENGINES, (a, b) => expect(a).toEqual(b));

function deploy(w: World, text: string, input?: Uint8Array): Uint8Array {
  const { address, result } = w.vm.deploy({ from: ALICE, code: wasm(text), gas: 100_000_000n, input });
  expect(result.status).toBe("ok");
  return address;
}
const call = (w: World, to: Uint8Array, input: number[] | Uint8Array, extra: Partial<Parameters<Vm["call"]>[0]> = {}): ExecResult =>
  w.vm.call({ from: ALICE, to, input: input instanceof Uint8Array ? input : new Uint8Array(input), gas: GAS, ...extra });
const hex = (b: Uint8Array) => toHex(b);

describe("deploy", () => {
  it("derives addresses from deployer and nonce, stores code, runs init", () => {
    const r = both((w) => {
      const d1 = w.vm.deploy({ from: ALICE, code: wasm(WITH_INIT), gas: 100_000_000n, input: utf8("hello") });
      const d2 = w.vm.deploy({ from: ALICE, code: wasm(WITH_INIT), gas: 100_000_000n, input: utf8("again") });
      const reinit = call(w, d1.address, utf8("x"), { export: "init" });
      return { d1, d2, get: call(w, d1.address, []), nonce: w.state.getNonce(ALICE), reinit };
    });
    expect(r.d1.result.status).toBe("ok");
    expect(hex(r.d1.address)).toBe(hex(contractAddress(ALICE, nonceSalt(0n))));
    expect(hex(r.d2.address)).toBe(hex(contractAddress(ALICE, nonceSalt(1n))));
    expect(r.nonce).toBe(2n);
    expect(r.reinit).toMatchObject({ status: "rejected", rejection: "no_export" });
    expect(r.d1.result.writes).toEqual([{ address: r.d1.address, key: utf8("k1"), value: utf8("hello") }]);
    expect(r.d1.result.events).toEqual([{ address: r.d1.address, topics: [], data: utf8("hello") }]);
    expect(new TextDecoder().decode(r.get.returnData)).toBe("hello");
  });

  it("init: false stores the code without running init; allowInit lets a tool call it", () => {
    const r = both((w) => {
      const d = w.vm.deploy({ from: ALICE, code: wasm(WITH_INIT), gas: 100_000_000n, init: false });
      const before = call(w, d.address, []);
      const init = call(w, d.address, utf8("later"), { export: "init", allowInit: true });
      return { d, before, init, after: call(w, d.address, []) };
    });
    expect(r.d.result).toMatchObject({ status: "ok", writes: [] });
    // k1 is missing, so the contract passes storage_get's -1 as a length to `return`: read as
    // unsigned that is 4 GiB, whose per-byte charge is out of gas (and proves init did not run).
    expect(r.before).toMatchObject({ status: "trap", trap: "out_of_gas" });
    expect(r.init.status).toBe("ok");
    expect(r.after.returnData).toEqual(utf8("later"));
  });

  it("charges per byte and per function, then init", () => {
    both((w) => {
      const code = wasm(STORE);
      const { result } = w.vm.deploy({ from: ALICE, code, gas: 100_000_000n });
      // STORE has no init: only the static deploy cost (plus nothing run) is charged.
      const fixed = BigInt(w.vm.schedule.deployPerByte * code.length + w.vm.schedule.deployPerFunction * 3);
      expect(result.gasUsed).toBe(fixed);
      const low = w.vm.deploy({ from: ALICE, code, gas: fixed - 1n });
      expect(low.result).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: fixed - 1n });
      expect(w.state.getCode(low.address)).toBeUndefined();
      return result;
    });
  });

  it("a reverting init leaves no code and no state", () => {
    const r = both((w) => {
      const d = w.vm.deploy({ from: ALICE, code: wasm(WITH_INIT), gas: 100_000_000n });
      return { d, code: w.state.getCode(d.address) ?? null, dump: w.state.dump().storage };
    });
    expect(r.d.result.status).toBe("revert");
    expect(r.d.result.returnData).toEqual(utf8("k1"));
    expect(r.code).toBeNull();
    expect(r.dump).toEqual([]);
  });

  it("rejects undecodable and invalid modules with the rule, charging the bytes", () => {
    both((w) => {
      const junk = w.vm.deploy({ from: ALICE, code: new Uint8Array([0, 97, 115, 109, 2, 0, 0, 0]), gas: 1_000_000n });
      expect(junk.result.status).toBe("rejected");
      expect(junk.result.rejection).toMatch(/^decode\./);
      expect(junk.result.gasUsed).toBe(800n);
      const foreign = wasm(`(module (import "env" "f" (func)))`);
      const bad = w.vm.deploy({ from: ALICE, code: foreign, gas: 1_000_000n });
      expect(bad.result.status).toBe("rejected");
      expect(bad.result.rejection).toMatch(/^policy\./);
      const float = w.vm.deploy({ from: ALICE, code: wasm(`(module (func (export "call") (result f32) (f32.const 1)))`), gas: 1_000_000n });
      expect(float.result.rejection).toMatch(/^policy\./);
      return [junk, bad, float];
    });
  });

  it("with a salt the address is predictable and cannot be taken twice", () => {
    both((w) => {
      const salt = utf8("salt");
      const a = w.vm.deploy({ from: ALICE, code: wasm(STORE), gas: 100_000_000n, salt });
      expect(hex(a.address)).toBe(hex(contractAddress(ALICE, salt)));
      const b = w.vm.deploy({ from: ALICE, code: wasm(STORE), gas: 100_000_000n, salt });
      expect(b.result).toMatchObject({ status: "rejected", rejection: "address_taken" });
      expect(w.state.getNonce(ALICE)).toBe(0n);
      return [a, b];
    });
  });
});

describe("calls", () => {
  it("storage round trip, removal, and a missing key", () => {
    const r = both((w) => {
      const c = deploy(w, STORE);
      return [call(w, c, [2]), call(w, c, [1, 10, 20, 30]), call(w, c, [2]), call(w, c, [4]), call(w, c, [2])];
    });
    expect(r[0].status).toBe("revert");
    expect(r[1]).toMatchObject({ status: "ok", returnData: new Uint8Array(0) });
    expect(r[1].writes).toEqual([{ address: expect.any(Uint8Array), key: utf8("k1"), value: new Uint8Array([10, 20, 30]) }]);
    expect(r[2].returnData).toEqual(new Uint8Array([10, 20, 30]));
    expect(r[2].writes).toEqual([]);
    expect(r[3].writes[0].value).toBeNull();
    expect(r[4].status).toBe("revert");
  });

  it("events carry topics and data; five topics is host_error", () => {
    const r = both((w) => {
      const c = deploy(w, STORE);
      const t1 = new Uint8Array(32).fill(1), t2 = new Uint8Array(32).fill(2);
      return {
        ok: call(w, c, concat(new Uint8Array([5, 2]), t1, t2, utf8("data"))),
        five: call(w, c, concat(new Uint8Array([5, 5]), new Uint8Array(160))),
        c, t1, t2,
      };
    });
    expect(r.ok.events).toEqual([{ address: r.c, topics: [r.t1, r.t2], data: utf8("data") }]);
    expect(r.five).toMatchObject({ status: "trap", trap: "host_error", events: [] });
  });

  it("revert and trap undo writes and events; out of gas consumes the whole limit", () => {
    const r = both((w) => {
      const c = deploy(w, STORE);
      call(w, c, [1, 1]);
      return {
        revert: call(w, c, [3, 9, 9]),
        trap: call(w, c, [6, 7]),
        oog: call(w, c, [7, 7], { gas: 200_000n }),
        after: call(w, c, [2]),
      };
    });
    expect(r.revert).toMatchObject({ status: "revert", returnData: new Uint8Array([9, 9]), events: [], writes: [] });
    expect(r.trap).toMatchObject({ status: "trap", trap: "unreachable", returnData: new Uint8Array(0), writes: [] });
    expect(r.trap.gasUsed > 0n && r.trap.gasUsed < GAS).toBe(true);
    expect(r.oog).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: 200_000n, writes: [] });
    expect(r.after.returnData).toEqual(new Uint8Array([1]));
  });

  it("any gas limit gives the full result or out of gas with no state change", () => {
    both((w) => {
      const c = deploy(w, STORE);
      const full = call(w, c, [1, 5, 5]);
      const out: ExecResult[] = [];
      // Step through limits around the exact cost: below it is OOG, from it on the same result.
      for (const g of [0n, 1n, full.gasUsed / 2n, full.gasUsed - 1n, full.gasUsed, full.gasUsed + 1000n]) {
        call(w, c, [4]);
        const before = w.state.dump();
        const r = call(w, c, [1, 5, 5], { gas: g });
        out.push(r);
        if (g < full.gasUsed) {
          expect(r).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: g, writes: [] });
          expect(w.state.dump()).toEqual(before);
        } else {
          expect(r).toEqual(full);
        }
      }
      return out;
    });
  });

  it("returns the export's Wasm results little-endian when it does not call return", () => {
    const r = both((w) => call(w, deploy(w, STORE), [], { export: "values" }));
    expect(hex(r.returnData)).toBe("ffffffff" + "0201000000000000");
  });

  it("rejects calls without code, without the export, or with more value than the balance", () => {
    const r = both((w) => {
      const c = deploy(w, STORE);
      return [
        call(w, addr(0x55), []), call(w, c, [], { export: "nope" }), call(w, c, [], { export: "memory" }),
        call(w, c, [1, 1], { value: 2_000_000n }),
      ];
    });
    expect(r.map((x) => x.rejection)).toEqual(["no_code", "no_export", "no_export", "insufficient_balance"]);
  });

  it("exposes caller, origin, self, value and the block", () => {
    const r = both((w) => {
      const c = deploy(w, STORE);
      return { c, r: call(w, c, [9], { value: 77n }), bal: w.state.getBalance(c) };
    });
    const d = r.r.returnData;
    expect(d.slice(0, 32)).toEqual(ALICE);
    expect(d.slice(32, 64)).toEqual(ALICE);
    expect(d.slice(64, 96)).toEqual(r.c);
    expect(d.slice(96, 128)).toEqual(u256ToBytes(77n));
    const v = new DataView(d.buffer, d.byteOffset);
    expect([v.getBigInt64(128, true), v.getBigInt64(136, true), v.getBigInt64(144, true)]).toEqual([42n, 1_700_000_000n, 7n]);
    expect(r.bal).toBe(77n);
    expect(r.r.transfers).toEqual([{ from: ALICE, to: r.c, amount: 77n }]);
  });

  it("transfers from a contract, and undoes the attached value when the call fails", () => {
    const r = both((w) => {
      const c = deploy(w, STORE);
      const bob = addr(0xb0);
      const ok = call(w, c, concat(new Uint8Array([8]), bob, u256ToBytes(30n)), { value: 50n });
      const short = call(w, c, concat(new Uint8Array([8]), bob, u256ToBytes(1000n)));
      const failing = call(w, c, [6, 0], { value: 100n });
      return { ok, short, failing, c: w.state.getBalance(c), bob: w.state.getBalance(bob), alice: w.state.getBalance(ALICE) };
    });
    expect(readU32le(r.ok.returnData)).toBe(0);
    expect(r.ok.transfers.map((t) => t.amount)).toEqual([50n, 30n]);
    expect(readU32le(r.short.returnData)).toBe(1);
    expect(r.failing).toMatchObject({ status: "trap", transfers: [] });
    expect([r.c, r.bob, r.alice]).toEqual([20n, 30n, 1_000_000n - 50n]);
  });

  it("read-only calls may read but trap on writes, events and transfers; value is rejected", () => {
    const r = both((w) => {
      const c = deploy(w, STORE);
      call(w, c, [1, 3]);
      return [
        call(w, c, [2], { readOnly: true }), call(w, c, [1, 4], { readOnly: true }), call(w, c, [4], { readOnly: true }),
        call(w, c, [5, 0], { readOnly: true }), call(w, c, concat(new Uint8Array([8]), addr(1), u256ToBytes(0n)), { readOnly: true }),
        call(w, c, [2], { readOnly: true, value: 1n }), call(w, c, [2]),
      ];
    });
    expect(r[0]).toMatchObject({ status: "ok", returnData: new Uint8Array([3]) });
    for (const x of r.slice(1, 5)) expect(x).toMatchObject({ status: "trap", trap: "host_error" });
    expect(r[5].rejection).toBe("read_only_value");
    expect(r[6].returnData).toEqual(new Uint8Array([3]));
  });
});

describe("crypto through contracts", () => {
  it("sha256, keccak256, blake3 known vectors", () => {
    const r = both((w) => {
      const h = deploy(w, HASHER);
      return { abc: call(w, h, utf8("abc")), empty: call(w, h, []) };
    });
    expect(hex(r.abc.returnData.slice(0, 32))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hex(r.empty.returnData.slice(32, 64))).toBe("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    expect(hex(r.empty.returnData.slice(64, 96))).toBe("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
  });

  it("ed25519_verify: RFC 8032 vector valid, tampered and small-order invalid", () => {
    const pub = fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const sig = fromHex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    );
    const identity = new Uint8Array(32); identity[0] = 1;
    const zeroSig = new Uint8Array(64); zeroSig[0] = 1;
    expect(ed25519.verify(zeroSig, utf8("m"), identity, { zip215: true })).toBe(true);
    const r = both((w) => {
      const h = deploy(w, HASHER);
      const v = (input: Uint8Array) => call(w, h, input, { export: "verify" }).returnData;
      return [v(concat(pub, sig)), v(concat(pub, sig, utf8("x"))), v(concat(identity, zeroSig, utf8("m")))];
    });
    expect(r.map((x) => readU32le(x))).toEqual([1, 0, 0]);
  });
});
