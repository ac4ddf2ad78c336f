// The metering contract shared by the instrumenter (v8 engine) and the interpreter.
// Gas is defined on the ORIGINAL instruction sequence: `planModule` computes, once per
// module, where each metered block starts and what it costs; the instrumenter injects
// exactly those charges and the interpreter charges exactly those amounts, so the two
// engines agree by construction (and a property test checks it).

export interface CostSchedule {
  /** Version tag, part of the compiled-module cache key and of the deploy receipt. */
  readonly version: string;
  /** Gas per instruction, by the opcode table's name. An instruction with no price is forbidden. */
  readonly instr: Readonly<Record<string, number>>;
  /** memory.grow: gas per requested page, charged before the grow (also when it then fails). */
  readonly growPerPage: number;
  /** memory.copy / memory.fill / memory.init: gas per 8 bytes (rounded up), charged before. */
  readonly bulkPer8Bytes: number;
  /** table.init / table.copy: gas per element, charged before. */
  readonly tablePerElem: number;
  /** Stack units charged per frame on top of params + locals + max operand height. */
  readonly frameOverhead: number;
  /** Stack-unit limit for a whole call chain, across nested contract calls. */
  readonly stackLimit: number;
  /** Stack units charged for each nested contract call (the host's own JS frames). */
  readonly nestedCallStack: number;
  /** Hard cap on linear-memory pages (64 KiB each). */
  readonly maxPages: number;
  /** Deploy: gas per byte of code and per defined function. */
  readonly deployPerByte: number;
  readonly deployPerFunction: number;
}

/** The metering of one defined function. */
export interface FuncMeter {
  /**
   * blockCost[i] > 0 ⇔ a metered block starts at body[i]: whenever control arrives at
   * instruction i (by fallthrough or by a branch), blockCost[i] gas is charged before
   * instruction i executes. Same length as the function body.
   */
  readonly blockCost: Uint32Array;
  /** Static worst-case frame size in stack units, charged at entry, credited at return. */
  readonly frameCost: number;
}

export interface ModuleMeter {
  readonly schedule: CostSchedule;
  /** One per defined function (same order as `WasmModule.codes`). */
  readonly funcs: FuncMeter[];
}
