// The versioned gas schedule: a price for every instruction the policy allows, looked
// up by the opcode table's name. An instruction without a price is forbidden (float,
// saturating float→int, SIMD and reference-types instructions have none).
//
// Calibration target: 1 gas ≈ 1 ns on the Liftoff tier of this class of machine
// (1 Mgas ≈ 1 ms). The prices below are first estimates from the relative cost of the
// machine code V8 emits per instruction; `bench/` calibrates them, and any change bumps
// `version` (the version and `scheduleHash` are part of the compiled-module cache key and
// of the deploy receipt).

import { createHash } from "node:crypto";
import { ALL_OPS, type CostClass, type Feature } from "../wasm/opcodes.js";
import type { CostSchedule } from "./types.js";

/** Features whose instructions are priced (DESIGN §2: MVP integer ops, sign-ext, bulk memory). */
export const PRICED_FEATURES: readonly Feature[] = ["mvp", "sign-ext", "bulk-memory"];

/**
 * Price of each cost class. Classes that only hold forbidden instructions (`float`, `ref`,
 * `table`) have no entry. `control` covers block/loop/unreachable/nop; `branch` covers
 * if/br/br_if/return.
 */
const CLASS_PRICE: Partial<Record<CostClass, number>> = {
  const: 1,
  local: 1,
  global: 2, // a load/store through the instance's globals area
  alu: 1,
  mul: 2,
  div: 8, // hardware divide plus the zero / overflow checks V8 emits
  load: 2, // bounds check (or guard page) plus the access
  store: 2,
  control: 1,
  branch: 2,
  br_table: 3, // bounds check plus an indirect jump
  call: 10, // frame setup, stack check and the injected frame accounting
  call_indirect: 15, // table bounds check and signature check on top of a call
  select: 2,
  drop: 1,
  "memory.size": 2,
  "memory.grow": 100, // base; plus growPerPage per requested page
  bulk: 10, // base; plus the per-byte / per-element dynamic charge
  "bulk.drop": 10,
};

/**
 * Per-name exceptions to the class price. `end` and `else` emit no code of their own (the
 * branch around an else-arm is priced on `if`), so they are free.
 */
const NAME_PRICE: Readonly<Record<string, number>> = {
  end: 0,
  else: 0,
};

function buildPrices(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of ALL_OPS) {
    if (!PRICED_FEATURES.includes(r.feature)) continue;
    const p = NAME_PRICE[r.name] ?? CLASS_PRICE[r.cls];
    if (p === undefined) throw new Error(`schedule: no price for allowed instruction ${r.name} (class ${r.cls})`);
    out[r.name] = p;
  }
  return out;
}

export const SCHEDULE_V1: CostSchedule = Object.freeze({
  version: "silk-gas-v1",
  instr: Object.freeze(buildPrices()),
  // Growing zero-fills 64 KiB (and may remap): ~10 µs per page on the target machine.
  growPerPage: 10_000,
  // memcpy / memset run at roughly 8 bytes per ns.
  bulkPer8Bytes: 1,
  tablePerElem: 2,
  // Return address, saved frame pointer, instance slot, plus the three scratch locals the
  // instrumenter adds to every function (more or less: it is a margin, checked by tests).
  frameOverhead: 4,
  // One unit ≈ one 8-byte value slot. V8 overflows its ~1 MB stack at ~1,150 frames of a
  // function with 100 locals under Liftoff, i.e. ≈ 870 bytes for a frame of ≈ 104 units.
  // 16,384 units allow at most 16,384 / 104 ≈ 157 such frames (≈ 137 KB) and, for the
  // smallest possible frame (frameOverhead = 4 units), 4,096 frames (≈ 4,096 × ~80 bytes
  // ≈ 330 KB): under a third of V8's stack in the worst case, leaving room for the
  // embedder's JS frames and the host functions. Contracts need far less: Silk code
  // recurses rarely and 4,096 frames is deeper than any realistic call chain.
  stackLimit: 16_384,
  // Each nested contract call goes through JS (host function, engine, instantiate).
  nestedCallStack: 512,
  maxPages: 256, // 16 MiB
  // Decoding, validating, instrumenting and compiling cost ~100 ns per byte of code on
  // the target machine (our TypeScript front half dominates Liftoff's own compile time).
  deployPerByte: 100,
  // Per-function fixed costs of the pipeline (function entry in V8's tables, planning).
  deployPerFunction: 5_000,
});

/** The price of an instruction by name, or undefined when it is forbidden. */
export function instrCost(s: CostSchedule, op: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(s.instr, op) ? s.instr[op] : undefined;
}

/**
 * Canonical serialisation: a JSON object with keys sorted at every level, so the hash does
 * not depend on the order in which a schedule's fields or prices were written.
 */
export function canonicalSchedule(s: CostSchedule): string {
  const sortKeys = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) out[k] = sortKeys(o[k]);
    return out;
  };
  return JSON.stringify(sortKeys(s));
}

/** sha256 (hex) of the canonical serialisation. */
export function scheduleHash(s: CostSchedule): string {
  return createHash("sha256").update(canonicalSchedule(s), "utf8").digest("hex");
}

/** What each scalar parameter of a schedule means, for the generated table in docs/gas.md. */
const PARAM_DOC: ReadonlyArray<[keyof CostSchedule, string]> = [
  ["growPerPage", "gas per page requested by `memory.grow` (unsigned), charged before the grow"],
  ["bulkPer8Bytes", "gas per 8 bytes (rounded up) of `memory.copy` / `memory.fill` / `memory.init`"],
  ["tablePerElem", "gas per element of `table.init` / `table.copy`"],
  ["frameOverhead", "stack units per frame on top of params + locals + max operand height"],
  ["stackLimit", "stack units for the whole call chain, across nested contract calls"],
  ["nestedCallStack", "stack units charged for each nested contract call"],
  ["maxPages", "hard cap on linear memory, in 64 KiB pages"],
  ["deployPerByte", "deploy gas per byte of code"],
  ["deployPerFunction", "deploy gas per defined function"],
];

/**
 * The Markdown tables of docs/gas.md (between its `schedule:begin` / `schedule:end`
 * markers): one row per priced instruction in opcode order, then the parameters.
 * The schedule test regenerates the doc with UPDATE=1 and otherwise checks it matches.
 */
export function renderScheduleMarkdown(s: CostSchedule): string {
  const lines: string[] = [
    `Schedule \`${s.version}\`, \`scheduleHash\` = \`${scheduleHash(s)}\`.`,
    "",
    "| instruction | gas | class |",
    "|---|---:|---|",
  ];
  for (const r of ALL_OPS) {
    const p = instrCost(s, r.name);
    if (p !== undefined) lines.push(`| \`${r.name}\` | ${p} | ${r.cls} |`);
  }
  lines.push("", "| parameter | value | meaning |", "|---|---:|---|");
  for (const [k, what] of PARAM_DOC) lines.push(`| \`${k}\` | ${s[k]} | ${what} |`);
  return lines.join("\n");
}
