import { describe, expect, it } from "vitest";
import { BLOCK_EMPTY, I32, I64, type Instr, type WasmModule } from "../wasm/module.js";
import { opcode } from "../wasm/opcodes.js";
import { bulkCost, growCost, isBoundary, planBlocks, planModule, tableCost } from "./plan.js";
import { SCHEDULE_V1 } from "./schedule.js";

/** Instructions by name: "i32.const 1", "br_if 0", "block" (empty block type). */
function code(text: string): Instr[] {
  return text.trim().split(/\s*;\s*/).map((part) => {
    const [name, arg] = part.split(/\s+/);
    const op = opcode(name!);
    if (name === "block" || name === "loop" || name === "if") return { op, a: arg === undefined ? BLOCK_EMPTY : Number(arg) };
    if (name === "i64.const") return { op, i64: BigInt(arg!) };
    return arg === undefined ? { op } : { op, a: Number(arg) };
  });
}

const P = (name: string) => SCHEDULE_V1.instr[name]!;

function moduleOf(params: number[], results: number[], localCount: number, body: Instr[], extraTypes: WasmModule["types"] = []): WasmModule {
  return {
    types: [{ params, results }, ...extraTypes], imports: [], funcs: [0], tables: [], memories: [], globals: [],
    exports: [], elems: [], codes: [{ locals: localCount ? [{ count: localCount, type: I64 }] : [], body }], datas: [], customs: [],
  };
}

describe("planBlocks", () => {
  it("a straight-line body is one block charged at index 0", () => {
    const b = code("local.get 0; i32.const 1; i32.add; i32.const 3; i32.mul; end");
    const c = planBlocks(b, SCHEDULE_V1);
    expect(Array.from(c)).toEqual([P("local.get") + P("i32.const") * 2 + P("i32.add") + P("i32.mul"), 0, 0, 0, 0, 0]);
  });

  it("starts a block after each boundary instruction and includes the boundary", () => {
    //            0      1           2         3        4           5         6    7   8           9
    const b = code("block; local.get 0; br_if 0; i32.const 1; i32.div_u ; drop; end; nop; unreachable; end");
    const c = Array.from(planBlocks(b, SCHEDULE_V1));
    expect(c).toEqual([
      P("block"),
      P("local.get") + P("br_if"), 0,
      P("i32.const") * 0 + P("i32.const") + P("i32.div_u") + P("drop") + P("end"), 0, 0, 0,
      P("nop") + P("unreachable"), 0,
      0, // the final end alone costs 0: not charged
    ]);
  });

  it("if / else / loop / br / br_table / return all end a block", () => {
    const b = code("local.get 0; if; i32.const 1; return; else; loop; br 0; end; end; i32.const 0; br_table 0; end");
    const c = Array.from(planBlocks(b, SCHEDULE_V1));
    // starts: 0, 2 (after if), 4 (after return), 5 (after else), 6 (after loop), 7 (after br), 8 (after end), 9 (after end)
    expect(c[0]).toBe(P("local.get") + P("if"));
    expect(c[2]).toBe(P("i32.const") + P("return"));
    expect(c[4]).toBe(P("else"));
    expect(c[5]).toBe(P("loop"));
    expect(c[6]).toBe(P("br"));
    expect(c[7]).toBe(0); // end
    expect(c[8]).toBe(0); // end
    expect(c[9]).toBe(P("i32.const") + P("br_table"));
    expect(c[11]).toBe(0);
    for (const k of [1, 3, 10]) expect(c[k]).toBe(0);
    // every instruction's price is counted exactly once
    expect(c.reduce((x, y) => x + y, 0)).toBe(b.reduce((x, i) => x + SCHEDULE_V1.instr[nameOf(i.op)]!, 0));
  });

  it("call is not a boundary: the code after a call is charged with the code before it", () => {
    expect(isBoundary(opcode("call"))).toBe(false);
    const b = code("i32.const 1; call 0; i32.const 2; i32.add; end");
    expect(planBlocks(b, SCHEDULE_V1)[0]).toBe(P("i32.const") * 2 + P("call") + P("i32.add"));
  });

  it("throws on an unpriced instruction (a programming error: the validator refuses them)", () => {
    expect(() => planBlocks(code("f32.const 0; drop; end"), SCHEDULE_V1)).toThrow(/no price/);
    expect(() => planBlocks(code("ref.null 112; drop; end"), SCHEDULE_V1)).toThrow(/no price/);
  });
});

function nameOf(op: number): string {
  for (const n of Object.keys(SCHEDULE_V1.instr)) if (opcode(n) === op) return n;
  throw new Error(`no name for ${op}`);
}

describe("frameCost", () => {
  const ov = SCHEDULE_V1.frameOverhead;

  it("is params + locals + max operand height + overhead", () => {
    // height: 1, 2, 3 (three consts) then adds reduce it
    const b = code("i32.const 1; i32.const 2; i32.const 3; i32.add; i32.add; drop; end");
    expect(planModule(moduleOf([I32, I32], [], 5, b), SCHEDULE_V1).funcs[0]!.frameCost).toBe(2 + 5 + 3 + ov);
  });

  it("counts block results and resets after unconditional branches", () => {
    // block (result i32 = -1): i32.const; i32.const; br 0 → reset to block base (0), end pushes 1
    const b = code("block -1; i32.const 1; i32.const 2; br 0; i32.const 9; end; end");
    expect(planModule(moduleOf([], [I32], 0, b), SCHEDULE_V1).funcs[0]!.frameCost).toBe(2 + ov);
    // dead code after return may pop below the base without going negative
    const d = code("i32.const 1; return; i32.add; i32.add; drop; i32.const 1; end");
    expect(planModule(moduleOf([], [I32], 0, d), SCHEDULE_V1).funcs[0]!.frameCost).toBe(1 + ov);
  });

  it("multi-value block params stay on the stack; calls use the callee type", () => {
    // type 1: [i32 i32] -> [i32 i32 i32]
    const extra = [{ params: [I32, I32], results: [I32, I32, I32] }];
    const b = code("i32.const 1; i32.const 2; block 1; i32.const 3; end; drop; drop; drop; end");
    expect(planModule(moduleOf([], [], 0, b, extra), SCHEDULE_V1).funcs[0]!.frameCost).toBe(3 + ov);
    // call 0 is the function itself: [i32] -> [i64, i64, i64, i64]
    const c = code("i32.const 0; call 0; end");
    const m = moduleOf([I32], [I64, I64, I64, I64], 0, c);
    expect(planModule(m, SCHEDULE_V1).funcs[0]!.frameCost).toBe(1 + 4 + ov);
  });

  it("if pops its condition, else restarts from the params", () => {
    const b = code("local.get 0; if -1; i32.const 1; i32.const 2; i32.add; else; i32.const 3; end; drop; end");
    expect(planModule(moduleOf([I32], [], 0, b), SCHEDULE_V1).funcs[0]!.frameCost).toBe(1 + 2 + ov);
  });
});

describe("dynamic costs", () => {
  it("reads counts as unsigned i32", () => {
    expect(growCost(SCHEDULE_V1, 3)).toBe(30_000n);
    expect(growCost(SCHEDULE_V1, -1)).toBe(10_000n * 0xffffffffn);
    expect(bulkCost(SCHEDULE_V1, 0)).toBe(0n);
    expect(bulkCost(SCHEDULE_V1, 1)).toBe(1n);
    expect(bulkCost(SCHEDULE_V1, 8)).toBe(1n);
    expect(bulkCost(SCHEDULE_V1, 9)).toBe(2n);
    expect(bulkCost(SCHEDULE_V1, -1)).toBe(0x20000000n); // ceil((2^32 - 1) / 8)
    expect(tableCost(SCHEDULE_V1, 5)).toBe(10n);
  });
});
