// Test builds (`{ test: true }`): invariants become read-only entry points of `call`, listed
// under `invariants` in the ABI; a normal build carries no trace of them (docs/abi.md §11).

import { describe, expect, test } from "vitest";
import { compileOne, onBothEngines, type Session } from "./compile-testkit.js";
import { compileSource } from "./compile.js";
import { checkWithBackEnd } from "./lowercheck.js";
import { decodeError, encodeTuple, loadAbi, selector, type AbiValue } from "../../stdlib/abi/index.js";
import { ALICE, addr } from "../../vm/exec/testkit.js";

const eq = (a: unknown, b: unknown) => expect(a).toEqual(b);
const BOB = addr(0xb0);

const TOKEN = `
  struct Pair { a: u8, flag: bool }
  component Capped {
    storage { cap: u256 }
    init() { self.cap = 1000; }
    invariant sane() { self.cap > 0 }
  }
  contract Token {
    use Capped;
    storage { supply: u256, balances: Map<address, u256> }
    init(supply: u256) { self.supply = supply; self.balances[msg.sender] = supply; }
    pub fn transfer(to: address, amount: u256) {
      let have = self.balances[msg.sender];
      require(have >= amount, "balance");
      self.balances[msg.sender] = have - amount;
      self.balances[to] += amount;
    }
    /// The bug the invariant catches: credits without touching the supply.
    pub fn mint_bad(to: address, amount: u256) { self.balances[to] += amount; }
    pub fn set_cap(c: u256) { self.cap = c; }
    view fn under(x: u256, y: u256) -> bool { return x <= y; }
    /// Nobody holds more than exists.
    invariant balance_within_supply(who: address) { self.under(self.balances[who], self.supply) }
    invariant within_cap() { self.supply <= self.cap }
    invariant sane(p: Pair, n: i8) { p.flag || p.a >= 0 && n >= -128 }
    invariant overflows() { self.supply + 1 > 0 }
  }`;

/** Calls an invariant of a test build read-only: true / false, or the revert / trap. */
function holds(s: Session, name: string, owner: string, args: AbiValue[], opts: { value?: bigint } = {}): unknown {
  const inv = s.abi.invariants.find((v) => v.name === name && v.owner === owner)!;
  const input = new Uint8Array([...inv.selector, ...encodeTuple(inv.params.map((p) => p.type), args)]);
  const r = s.w.vm.call({ from: ALICE, to: s.address, input, gas: 10_000_000n, readOnly: opts.value === undefined, value: opts.value });
  if (r.status === "ok") return r.returnData.length === 1 && r.returnData[0]! <= 1 ? r.returnData[0] === 1 : r.returnData;
  return r.status === "revert" ? decodeError(s.abi, r.returnData) : r.status;
}

describe("test builds", () => {
  const testBuild = compileOne(TOKEN, { test: true });

  test("the ABI lists every invariant, components' first, with owner-qualified selectors", () => {
    const abi = loadAbi(JSON.stringify(testBuild.abi));
    expect(abi.invariants.map((v) => [v.owner, v.name, v.params.map((p) => p.name)])).toEqual([
      ["Capped", "sane", []],
      ["Token", "balance_within_supply", ["who"]],
      ["Token", "within_cap", []],
      ["Token", "sane", ["p", "n"]],
      ["Token", "overflows", []],
    ]);
    expect(testBuild.abi.invariants![1]).toMatchObject({
      selector: "0x" + Buffer.from(selector("invariant:Token.balance_within_supply(address)")).toString("hex"),
      params: [{ name: "who", type: "address" }],
      docs: "Nobody holds more than exists.",
    });
    expect(testBuild.abi.invariants![3]!.params).toEqual([{ name: "p", type: "Pair" }, { name: "n", type: "i8" }]);
    // The struct only an invariant names is defined for the loader.
    expect(testBuild.abi.types.map((t) => t.name)).toContain("Pair");
  });

  test("the loader checks invariant selectors and keys", () => {
    const json = JSON.parse(JSON.stringify(testBuild.abi));
    json.invariants[1].selector = json.invariants[2].selector;
    expect(() => loadAbi(json)).toThrow(/invariant:Token.balance_within_supply\(address\)/);
    json.invariants[1].selector = json.functions[0].selector;
    expect(() => loadAbi(json)).toThrow(/selector/);
    expect(() => loadAbi({ ...testBuild.abi, invariants: [{ ...testBuild.abi.invariants![0], extra: 1 }] })).toThrow(/unknown key `extra`/);
  });

  test("invariants hold, then fail after a bug, on both engines", () => {
    onBothEngines(testBuild, eq, (s) => {
      expect(s.deploy([100n]).status).toBe("ok");
      expect(holds(s, "balance_within_supply", "Token", [ALICE])).toBe(true);
      expect(holds(s, "balance_within_supply", "Token", [BOB])).toBe(true);
      expect(holds(s, "within_cap", "Token", [])).toBe(true);
      expect(holds(s, "sane", "Capped", [])).toBe(true);
      expect(holds(s, "sane", "Token", [{ a: 3n, flag: false }, -128n])).toBe(true);
      expect(s.call("transfer", [BOB, 30n]).status).toBe("ok");
      expect(holds(s, "balance_within_supply", "Token", [BOB])).toBe(true);
      expect(s.call("mint_bad", [BOB, 100n]).status).toBe("ok");
      expect(holds(s, "balance_within_supply", "Token", [BOB])).toBe(false);
      expect(holds(s, "balance_within_supply", "Token", [ALICE])).toBe(true);
      expect(s.call("set_cap", [0n]).status).toBe("ok");
      expect(holds(s, "sane", "Capped", [])).toBe(false);
      expect(holds(s, "within_cap", "Token", [])).toBe(false);
    });
  });

  test("an invariant that reverts, bad input and attached value", () => {
    onBothEngines(testBuild, eq, (s) => {
      expect(s.deploy([(1n << 256n) - 1n]).status).toBe("ok");
      expect(holds(s, "overflows", "Token", [])).toEqual({ kind: "panic", code: 0x11, name: "ArithmeticOverflow" });
      const inv = s.abi.invariants.find((v) => v.name === "sane" && v.owner === "Token")!;
      // A bool byte other than 0/1 is bad input, as for any entry point.
      const r = s.w.vm.call({ from: ALICE, to: s.address, input: new Uint8Array([...inv.selector, 3, 2, 0]), gas: 10_000_000n, readOnly: true });
      expect(decodeError(s.abi, r.returnData)).toEqual({ kind: "message", message: "silk: bad input" });
      expect(holds(s, "within_cap", "Token", [], { value: 1n })).toEqual({ kind: "message", message: "silk: not payable" });
    });
  });

  test("a normal build has no invariant code: byte-identical without the declarations", () => {
    const normal = compileOne(TOKEN);
    const stripped = compileOne(TOKEN.replace(/\n *(\/\/\/[^\n]*\n *)?invariant[^\n]*/g, ""));
    expect(stripped.abi.invariants).toBeUndefined();
    expect(normal.abi.invariants).toBeUndefined();
    expect("invariants" in normal.abi).toBe(false);
    expect(Buffer.from(normal.wasm).equals(Buffer.from(stripped.wasm))).toBe(true);
    expect({ ...normal.abi, sourceHash: "" }).toEqual({ ...stripped.abi, sourceHash: "" });
    expect(testBuild.wasm.length).toBeGreaterThan(normal.wasm.length);
  });

  test("an unknown invariant selector is an unknown selector; two invariants of one name are E0202", () => {
    const r = compileSource(`contract C { storage { x: u8 } invariant a() { self.x == 0 } invariant a() { true } }`, { test: true });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain("E0202");
    const ok = compileSource(`component K { storage { y: u8 } invariant a() { self.y == 0 } } contract C { use K; storage { x: u8 } invariant a() { self.x == 0 } }`, { test: true });
    expect(ok.ok).toBe(true);
    expect(ok.contracts[0]!.abi.invariants!.map((v) => `${v.owner}.${v.name}`)).toEqual(["K.a", "C.a"]);
  });

  test("silk check lowers invariants too: what the test build cannot compile, check reports", () => {
    const src = `contract L { storage { n: u8 } pub fn f() {} invariant a(u: ()) { self.n == 0 } }`;
    const file = "/virtual/l.silk";
    const checked = checkWithBackEnd([file], { readFile: (p) => (p === file ? src : undefined) });
    const built = compileSource(src, { test: true });
    // A unit-typed parameter: E9003 at the time of writing; whatever the verdict, the two agree.
    expect(checked.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(built.diagnostics.filter((d) => d.severity === "error").map((d) => d.code));
    expect(built.ok).toBe(checked.diagnostics.every((d) => d.severity !== "error"));
    expect(compileSource(src).ok).toBe(true);
  });
});
