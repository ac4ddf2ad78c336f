// Compile-and-run tests of external calls: a caller contract calling a token-like contract
// deployed on the same Vm, plain and `try`, with `with { gas, value }`, on both engines.

import { describe, expect, test } from "vitest";
import { compileOne, ENGINES, Session } from "./compile-testkit.js";
import { acrossEngines, ALICE } from "../../vm/exec/testkit.js";
import { encodeCall } from "../../stdlib/abi/index.js";
import { selector } from "../../stdlib/abi/selector.js";
import { signature } from "../../stdlib/abi/types.js";

const eq = (a: unknown, b: unknown) => expect(a).toEqual(b);

const TOKEN = `
  error Insufficient { have: u256, want: u256 }
  enum Kind { Plain, Fancy(u8) }
  contract Token {
    storage { balances: Map<address, u256>, kind: Kind }
    init() { self.balances[msg.sender] = 1000; }
    pub fn balance_of(who: address) -> u256 { return self.balances[who]; }
    pub fn transfer(to: address, amount: u256) -> bool {
      let have = self.balances[msg.sender];
      if have < amount { revert Insufficient { have: have, want: amount }; }
      self.balances[msg.sender] = have - amount;
      self.balances[to] += amount;
      return true;
    }
    pub fn name() -> string { return "tok"; }
    pub fn set_kind(k: Kind) { self.kind = k; }
    pub fn kind() -> Kind { return self.kind; }
    pub fn burn_gas(n: u32) -> u32 { let mut i: u32 = 0; while i < n { i += 1; } return i; }
    pub payable fn deposit() -> u256 { return msg.value; }
    pub fn boom() { assert(false); }
  }`;

const CALLER = `
  enum Kind { Plain, Fancy(u8) }
  interface IToken {
    fn balance_of(who: address) -> u256;
    fn transfer(to: address, amount: u256) -> bool;
    fn name() -> string;
    fn kind() -> Kind;
    fn set_kind(k: Kind);
    fn burn_gas(n: u32) -> u32;
    fn deposit() -> u256;
    fn boom();
  }
  interface IBad { fn name() -> u8; }
  contract Caller {
    storage { token: address }
    pub fn set_token(t: address) { self.token = t; }
    pub fn bal(who: address) -> u256 { return IToken(self.token).balance_of(who); }
    pub fn send(to: address, amount: u256) -> bool { return IToken(self.token).transfer(to, amount); }
    pub fn try_send(to: address, amount: u256) -> u8 {
      let r = try IToken(self.token).transfer(to, amount);
      match r { Ok(b) => if b { 1 } else { 0 }, Err(_) => 2 }
    }
    pub fn try_ok(to: address, amount: u256) -> bool { return (try IToken(self.token).transfer(to, amount)).is_ok(); }
    pub fn name() -> string { return IToken(self.token).name(); }
    pub fn kind() -> Kind { let t = IToken(self.token); return t.kind(); }
    pub fn fancy(x: u8) { IToken(self.token).set_kind(Kind::Fancy(x)); }
    pub fn burn(n: u32, g: u64) -> u8 {
      match try IToken(self.token).burn_gas(n) with { gas: g } { Ok(_) => 1, Err(_) => 2 }
    }
    pub payable fn forward() -> u256 { return IToken(self.token).deposit() with { value: msg.value }; }
    pub fn boom() { IToken(self.token).boom(); }
    pub fn bad() -> u8 { return IBad(self.token).name(); }
    pub fn try_bad() -> bool { return (try IBad(self.token).name()).is_err(); }
    pub fn try_boom() -> bool { return (try IToken(self.token).boom()).is_err(); }
  }`;

describe("external calls", () => {
  const token = compileOne(TOKEN);
  const caller = compileOne(CALLER);
  test("plain and try calls between two contracts", () => {
    acrossEngines(ENGINES, eq)((w) => {
      const t = new Session(w, token);
      const c = new Session(w, caller);
      expect(t.deploy()).toMatchObject({ status: "ok" });
      expect(c.deploy()).toMatchObject({ status: "ok" });
      c.call("set_token", [t.address]);
      const bob = new Uint8Array(32).fill(0xb0);
      // The caller contract holds no tokens yet.
      expect(c.call("bal", [ALICE])).toMatchObject({ status: "ok", value: 1000n });
      expect(c.call("bal", [c.address])).toMatchObject({ status: "ok", value: 0n });
      // A plain call that reverts propagates the callee's revert data.
      const r = w.vm.call({ from: ALICE, to: c.address, input: encodeCall(c.abi, "send", [bob, 5n]), gas: 10_000_000n });
      expect(r.status).toBe("revert");
      const u256 = { kind: "int", signed: false, bits: 256 } as const;
      const want = new Uint8Array(68);
      want.set(selector(signature("Insufficient", [u256, u256])), 0);
      want[36] = 5;
      expect(r.returnData).toEqual(want);
      expect(t.call("transfer", [c.address, 100n])).toMatchObject({ status: "ok", value: true });
      expect(c.call("send", [bob, 5n])).toMatchObject({ status: "ok", value: true });
      expect(c.call("bal", [bob])).toMatchObject({ status: "ok", value: 5n });
      expect(c.call("bal", [c.address])).toMatchObject({ status: "ok", value: 95n });
      expect(c.call("try_send", [bob, 500n])).toMatchObject({ status: "ok", value: 2n });
      expect(c.call("try_send", [bob, 5n])).toMatchObject({ status: "ok", value: 1n });
      expect(c.call("try_ok", [bob, 500n])).toMatchObject({ status: "ok", value: false });
      expect(c.call("try_ok", [bob, 1n])).toMatchObject({ status: "ok", value: true });
      expect(c.call("bal", [bob])).toMatchObject({ status: "ok", value: 11n });
      expect(c.call("name")).toMatchObject({ status: "ok", value: "tok" });
      expect(c.call("kind")).toMatchObject({ status: "ok", value: { tag: "Plain" } });
      expect(c.call("fancy", [9n])).toMatchObject({ status: "ok" });
      expect(c.call("kind")).toMatchObject({ status: "ok", value: { tag: "Fancy", value: [9n] } });
      expect(c.call("burn", [10n, 1_000_000n])).toMatchObject({ status: "ok", value: 1n });
      expect(c.call("burn", [100000n, 20_000n])).toMatchObject({ status: "ok", value: 2n });
      expect(c.call("forward", [], { value: 77n })).toMatchObject({ status: "ok", value: 77n });
      expect(c.call("boom")).toMatchObject({ status: "revert", error: expect.objectContaining({ kind: "panic", code: 1 }) });
      expect(c.call("try_boom")).toMatchObject({ status: "ok", value: true });
      // Return data that is no valid encoding of the declared type.
      expect(c.call("bad")).toMatchObject({ status: "revert", error: { kind: "message", message: "silk: bad return data" } });
      expect(c.call("try_bad")).toMatchObject({ status: "ok", value: true });
      return { status: r.status };
    });
  });
});
