// Host functions against a fake instance (a plain byte array and a gas counter), so that each
// function's arguments, gas and effects are checked without an engine. The engine-level tests
// live in vm/exec/.

import { describe, expect, it } from "vitest";
import { ed25519 } from "@noble/curves/ed25519.js";
import { Trap, type InstanceHandle, type Value } from "../engine/types.js";
import { MemoryState } from "../state/memory.js";
import { fromHex, toHex } from "../state/store.js";
import { HOST_FUNCTIONS, HOST_MODULE, hostFnSpec, hostGas } from "../../stdlib/host/table.js";
import { EffectLog, Halt, type HostFrame, type NestedCallRequest } from "./frame.js";
import { HOST_IMPLS, hostImports, verifyEd25519Strict } from "./index.js";
import { u256ToBytes } from "./codec.js";

class FakeInstance implements InstanceHandle {
  readonly mem = new Uint8Array(4096);
  constructor(public gas = 10_000_000n) {}
  read(ptr: number, len: number): Uint8Array {
    if (ptr + len > this.mem.length) throw new Trap("memory_oob");
    return this.mem.slice(ptr, ptr + len);
  }
  write(ptr: number, bytes: Uint8Array): void {
    if (ptr + bytes.length > this.mem.length) throw new Trap("memory_oob");
    this.mem.set(bytes, ptr);
  }
  gasLeft(): bigint { return this.gas; }
  chargeGas(amount: bigint): void {
    if (amount > this.gas) { this.gas = 0n; throw new Trap("out_of_gas"); }
    this.gas -= amount;
  }
  stackUsed(): number { return 7; }
}

const SELF = fromHex("11".repeat(32));
const CALLER = fromHex("22".repeat(32));
const ORIGIN = fromHex("33".repeat(32));

function frame(over: Partial<HostFrame> = {}): HostFrame & { calls: NestedCallRequest[]; debugLines: string[] } {
  const calls: NestedCallRequest[] = [];
  const debugLines: string[] = [];
  return {
    self: SELF, caller: CALLER, origin: ORIGIN, value: 5n, input: new Uint8Array([1, 2, 3, 4, 5]),
    readOnly: false, block: { height: 10n, time: 1_700_000_000n, chainId: 7n },
    state: new MemoryState(), effects: new EffectLog(), lastReturnData: new Uint8Array(0),
    callContract: (req) => { calls.push(req); return { status: 1, returnData: new Uint8Array([9, 9]), gasUsed: 1234n }; },
    debug: (_a, line) => { debugLines.push(new TextDecoder().decode(line)); },
    calls, debugLines, ...over,
  };
}

function host(f: HostFrame, name: string) {
  const fn = hostImports(f)(HOST_MODULE, name);
  if (!fn) throw new Error(`no host function ${name}`);
  return fn;
}

/** Run a host function and return its result and the gas it charged. */
function run(f: HostFrame, inst: FakeInstance, name: string, args: Value[]) {
  const before = inst.gas;
  const r = host(f, name)(inst, args);
  return { r, gas: before - inst.gas };
}

const ascii = (s: string) => new TextEncoder().encode(s);

describe("host registry", () => {
  it("implements exactly the table's functions, with unique names", () => {
    const names = HOST_FUNCTIONS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(HOST_IMPLS).sort()).toEqual([...names].sort());
  });
  it("resolves only the host module", () => {
    const f = frame();
    expect(hostImports(f)("env", "sha256")).toBeUndefined();
    expect(hostImports(f)(HOST_MODULE, "nope")).toBeUndefined();
    expect(hostImports(f)(HOST_MODULE, "toString")).toBeUndefined();
  });
  it("every gas formula names existing i32 arguments", () => {
    for (const s of HOST_FUNCTIONS) {
      for (const b of s.gas.bytes) if (b !== "value") expect(s.params[b.arg]).toBe(0x7f);
    }
  });
});

describe("environment functions", () => {
  it("reads input slices and charges base + len", () => {
    const f = frame(), inst = new FakeInstance();
    expect(run(f, inst, "input_size", []).r).toBe(5);
    const { gas } = run(f, inst, "input_read", [100, 1, 3]);
    expect([...inst.mem.slice(100, 103)]).toEqual([2, 3, 4]);
    expect(gas).toBe(hostGas(hostFnSpec("input_read")!, [100, 1, 3]));
    expect(gas).toBe(103n);
    expect(() => run(f, inst, "input_read", [0, 3, 3])).toThrow(expect.objectContaining({ code: "host_error" }));
    // An offset near 2^32 must not wrap around to a valid range.
    expect(() => run(f, inst, "input_read", [0, -1, 2])).toThrow(expect.objectContaining({ code: "host_error" }));
  });
  it("writes identities, value and block data", () => {
    const f = frame(), inst = new FakeInstance();
    run(f, inst, "caller", [0]); run(f, inst, "origin", [32]); run(f, inst, "self_address", [64]); run(f, inst, "value", [96]);
    expect(inst.mem.slice(0, 32)).toEqual(CALLER);
    expect(inst.mem.slice(32, 64)).toEqual(ORIGIN);
    expect(inst.mem.slice(64, 96)).toEqual(SELF);
    expect(inst.mem.slice(96, 128)).toEqual(u256ToBytes(5n));
    expect(run(f, inst, "block_height", []).r).toBe(10n);
    expect(run(f, inst, "block_time", []).r).toBe(1_700_000_000n);
    expect(run(f, inst, "chain_id", []).r).toBe(7n);
    const g = inst.gas;
    expect(run(f, inst, "gas_left", []).r).toBe(g - 100n);
  });
  it("return and revert halt with their data; out-of-bounds traps memory_oob after charging", () => {
    const f = frame(), inst = new FakeInstance();
    inst.mem.set([7, 8], 10);
    try { run(f, inst, "return", [10, 2]); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(Halt);
      expect((e as Halt).kind).toBe("return");
      expect([...(e as Halt).data]).toEqual([7, 8]);
    }
    try { run(f, inst, "revert", [10, 1]); expect.unreachable(); } catch (e) {
      expect((e as Halt).kind).toBe("revert");
    }
    const before = inst.gas;
    expect(() => run(f, inst, "return", [4090, 10])).toThrow(expect.objectContaining({ code: "memory_oob" }));
    expect(before - inst.gas).toBe(110n);
  });
  it("charges before the work: a length beyond the gas left is out of gas, not memory_oob", () => {
    const f = frame(), inst = new FakeInstance(1000n);
    expect(() => run(f, inst, "sha256", [0, 0x7fffffff, 0])).toThrow(expect.objectContaining({ code: "out_of_gas" }));
    expect(inst.gas).toBe(0n);
  });
  it("debug goes to the sink only", () => {
    const f = frame(), inst = new FakeInstance();
    inst.mem.set(ascii("hi"), 0);
    expect(run(f, inst, "debug", [0, 2]).gas).toBe(502n);
    expect(f.debugLines).toEqual(["hi"]);
    expect(f.effects.events).toEqual([]);
  });
});

describe("storage, events, transfers, calls", () => {
  it("storage round trip with capacity, missing keys and removal", () => {
    const f = frame(), inst = new FakeInstance();
    inst.mem.set(ascii("key"), 0);
    inst.mem.set(ascii("hello"), 16);
    expect(run(f, inst, "storage_get", [0, 3, 100, 10])).toEqual({ r: -1, gas: 2000n + 9n });
    expect(run(f, inst, "storage_set", [0, 3, 16, 5]).gas).toBe(20000n + 80n);
    // Capacity 2: copies 2 bytes, reports the full length, charges for what it copied.
    expect(run(f, inst, "storage_get", [0, 3, 100, 2])).toEqual({ r: 5, gas: 2000n + 3n * 5n });
    expect([...inst.mem.slice(100, 103)]).toEqual([104, 101, 0]);
    expect(run(f, inst, "storage_get", [0, 3, 200, 64])).toEqual({ r: 5, gas: 2000n + 3n * 8n });
    expect(new TextDecoder().decode(inst.mem.slice(200, 205))).toBe("hello");
    run(f, inst, "storage_remove", [0, 3]);
    expect(run(f, inst, "storage_get", [0, 3, 100, 10]).r).toBe(-1);
    expect(f.effects.writes.map((w) => [toHex(w.key), w.value && toHex(w.value)])).toEqual([
      [toHex(ascii("key")), toHex(ascii("hello"))], [toHex(ascii("key")), null],
    ]);
  });
  it("emit: up to 4 topics, 5 is host_error", () => {
    const f = frame(), inst = new FakeInstance();
    for (let i = 0; i < 128; i++) inst.mem[i] = i;
    expect(run(f, inst, "emit", [0, 4, 200, 3]).gas).toBe(1000n + 8n * (128n + 3n));
    expect(f.effects.events[0].topics.map((t) => t[0])).toEqual([0, 32, 64, 96]);
    expect(f.effects.events[0].data.length).toBe(3);
    expect(() => run(f, inst, "emit", [0, 5, 0, 0])).toThrow(expect.objectContaining({ code: "host_error" }));
    expect(f.effects.events.length).toBe(1);
  });
  it("transfer moves balance or reports insufficient funds", () => {
    const f = frame(), inst = new FakeInstance();
    f.state.setBalance(SELF, 100n);
    inst.mem.set(CALLER, 0);
    inst.mem.set(u256ToBytes(60n), 32);
    expect(run(f, inst, "transfer", [0, 32]).r).toBe(0);
    expect(run(f, inst, "transfer", [0, 32]).r).toBe(1);
    expect(f.state.getBalance(SELF)).toBe(40n);
    expect(f.state.getBalance(CALLER)).toBe(60n);
    run(f, inst, "balance_of", [0, 64]);
    expect(inst.mem.slice(64, 96)).toEqual(u256ToBytes(60n));
    expect(f.effects.transfers).toEqual([{ from: SELF, to: CALLER, amount: 60n }]);
  });
  it("read-only frames trap on every state change", () => {
    const f = frame({ readOnly: true }), inst = new FakeInstance();
    for (const [name, args] of [
      ["storage_set", [0, 1, 0, 1]], ["storage_remove", [0, 1]], ["emit", [0, 0, 0, 0]], ["transfer", [0, 32]],
    ] as const) {
      expect(() => run(f, inst, name, [...args])).toThrow(expect.objectContaining({ code: "host_error" }));
    }
    // A call without value is allowed; with value it is not.
    expect(run(f, inst, "call", [0, 0, 0, 64, 1000n]).r).toBe(1);
    inst.mem.set(u256ToBytes(1n), 64);
    expect(() => run(f, inst, "call", [0, 0, 0, 64, 1000n])).toThrow(expect.objectContaining({ code: "host_error" }));
    expect(run(f, inst, "storage_get", [0, 1, 0, 0]).r).toBe(-1);
  });
  it("call caps the callee's gas at what is left, charges what it used, keeps its return data", () => {
    const f = frame(), inst = new FakeInstance(100_000n);
    inst.mem.set(fromHex("44".repeat(32)), 0);
    inst.mem.set([1, 2, 3], 32);
    const { r, gas } = run(f, inst, "call", [0, 32, 3, 64, -1n]);
    expect(r).toBe(1);
    expect(f.calls[0].gas).toBe(100_000n - 5003n); // u64 max requested, capped at what is left
    expect(f.calls[0].callerStackUsed).toBe(7);
    expect([...f.calls[0].input]).toEqual([1, 2, 3]);
    expect(gas).toBe(5003n + 1234n);
    expect(run(f, inst, "returndata_size", []).r).toBe(2);
    run(f, inst, "returndata_read", [500, 1, 1]);
    expect(inst.mem[500]).toBe(9);
    expect(() => run(f, inst, "returndata_read", [500, 1, 2])).toThrow(expect.objectContaining({ code: "host_error" }));
  });
});

describe("hashes (known vectors)", () => {
  const hashOf = (name: string, msg: Uint8Array) => {
    const f = frame(), inst = new FakeInstance();
    inst.mem.set(msg, 0);
    const { gas } = run(f, inst, name, [0, msg.length, 1000]);
    expect(gas).toBe(hostGas(hostFnSpec(name)!, [0, msg.length, 1000]));
    return toHex(inst.mem.slice(1000, 1032));
  };
  it("sha256('abc')", () => expect(hashOf("sha256", ascii("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  it("keccak256('')", () => expect(hashOf("keccak256", new Uint8Array(0))).toBe("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
  it("blake3('')", () => expect(hashOf("blake3", new Uint8Array(0))).toBe("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"));
});

describe("ed25519 (the pinned strict rule)", () => {
  // RFC 8032 §7.1, TEST 1 (empty message).
  const PUB = fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const SIG = fromHex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  );
  const L = (1n << 252n) + 27742317777372353535851937790883648493n;
  const EMPTY = new Uint8Array(0);

  function viaHost(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): Value | undefined {
    const f = frame(), inst = new FakeInstance();
    inst.mem.set(pub, 0); inst.mem.set(sig, 32); inst.mem.set(msg, 96);
    return run(f, inst, "ed25519_verify", [0, 96, msg.length, 32]).r;
  }

  it("accepts the RFC 8032 vector and rejects a changed message", () => {
    expect(verifyEd25519Strict(PUB, EMPTY, SIG)).toBe(true);
    expect(viaHost(PUB, EMPTY, SIG)).toBe(1);
    expect(viaHost(PUB, new Uint8Array([0]), SIG)).toBe(0);
  });
  it("rejects a non-canonical S (S + L), which verifies the same equation", () => {
    const s = SIG.slice(32);
    let S = 0n;
    for (let i = 31; i >= 0; i--) S = (S << 8n) | BigInt(s[i]);
    const bad = SIG.slice();
    bad.set(u256ToBytes(S + L), 32);
    expect(S + L < 1n << 256n).toBe(true);
    expect(verifyEd25519Strict(PUB, EMPTY, bad)).toBe(false);
    expect(viaHost(PUB, EMPTY, bad)).toBe(0);
  });
  it("rejects a small-order public key that the permissive ZIP-215 rule accepts", () => {
    // A = identity (y = 1), R = identity, S = 0: [8]0·B = [8]R + [8]k·A holds for any message.
    const identity = new Uint8Array(32); identity[0] = 1;
    const sig = new Uint8Array(64); sig[0] = 1;
    const msg = ascii("anything");
    expect(ed25519.verify(sig, msg, identity, { zip215: true })).toBe(true);
    expect(verifyEd25519Strict(identity, msg, sig)).toBe(false);
    expect(viaHost(identity, msg, sig)).toBe(0);
  });
  it("rejects a non-canonical public-key encoding (y ≥ p)", () => {
    // y = p + 1 ≡ 1: the identity, encoded non-canonically.
    const p = (1n << 255n) - 19n;
    const enc = u256ToBytes(p + 1n);
    expect(verifyEd25519Strict(enc, EMPTY, SIG)).toBe(false);
  });
  it("wrong lengths are invalid, not exceptions", () => {
    expect(verifyEd25519Strict(PUB.slice(0, 31), EMPTY, SIG)).toBe(false);
    expect(verifyEd25519Strict(PUB, EMPTY, SIG.slice(0, 63))).toBe(false);
    expect(verifyEd25519Strict(new Uint8Array(33), EMPTY, SIG)).toBe(false);
  });
  it("signs and verifies random messages (round trip through the host)", () => {
    const sk = fromHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    const pub = ed25519.getPublicKey(sk);
    const msg = ascii("silk host test");
    expect(viaHost(pub, msg, ed25519.sign(msg, sk))).toBe(1);
  });
});
