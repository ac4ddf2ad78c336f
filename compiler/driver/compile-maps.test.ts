import { describe, expect, test } from "vitest";
import { compileOne, onBothEngines } from "./compile-testkit.js";
import { ALICE } from "../../vm/exec/testkit.js";

const eq = (a: unknown, b: unknown) => expect(a).toEqual(b);

describe("Map contains / remove", () => {
  const c = compileOne(`
    contract Reg {
      storage { owner: Map<u64, address>, score: Map<address, Map<u64, u32>> }
      pub fn set(id: u64, score: u32) { self.owner[id] = msg.sender; self.score[msg.sender][id] = score; }
      pub fn drop(id: u64) { self.owner.remove(id); self.score[msg.sender].remove(id); }
      pub view fn has(id: u64) -> bool { return self.owner.contains(id); }
      pub view fn has_score(who: address, id: u64) -> bool { return self.score[who].contains(id); }
      pub view fn score_of(who: address, id: u64) -> u32 { return self.score[who][id]; }
    }`);
  test("contains tells a stored zero from a missing entry; remove deletes; both engines", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("has", [7n])).toMatchObject({ status: "ok", value: false });
      expect(s.call("set", [7n, 0n])).toMatchObject({ status: "ok" });
      expect(s.call("has", [7n])).toMatchObject({ status: "ok", value: true });
      expect(s.call("has_score", [ALICE, 7n])).toMatchObject({ status: "ok", value: true });
      expect(s.call("drop", [7n])).toMatchObject({ status: "ok" });
      expect(s.call("has", [7n])).toMatchObject({ status: "ok", value: false });
      expect(s.call("has_score", [ALICE, 7n])).toMatchObject({ status: "ok", value: false });
      expect(s.call("set", [8n, 5n])).toMatchObject({ status: "ok" });
      expect(s.call("has", [8n])).toMatchObject({ status: "ok", value: true });
      expect(s.call("drop", [9n])).toMatchObject({ status: "ok" }); // absent: no effect
      expect(s.call("has", [8n])).toMatchObject({ status: "ok", value: true });
    });
  });
});
