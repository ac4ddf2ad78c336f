// The invariant fuzzer behind `silk fuzz` (docs/cli.md): fast-check generates sequences of calls
// to the contract's entry points (ABI-typed arguments from values.ts, a random sender among the
// actors, a random value for payable functions, and now and then a jump of the block height so
// that deadlines pass), each run from the state (and block) right after deploy.
// Reverts, traps and rejections are normal outcomes; after every successful call all
// invariants are checked. A failed `assert` (Panic 0x01) is a bug by definition
// (docs/language.md) and fails the run too. fast-check shrinks a failing sequence; the seed
// (with the run count and depth) replays it.

import fc from "fast-check";
import { decodeError, encodeCall, type AbiFunction, type AbiValue, type ContractAbi } from "../../stdlib/abi/index.js";
import type { ExecResult } from "../../vm/exec/result.js";
import type { InvariantFailure, InvariantHarness } from "./harness.js";
import { ungeneratable, valueArb } from "./values.js";

export interface FuzzCall {
  fn: AbiFunction;
  args: AbiValue[];
  /** Index into the harness's actors. */
  from: number;
  value: bigint;
  /** Blocks the chain moves forward before this call (mostly 0). */
  advance: bigint;
}

export interface FuzzOptions {
  runs: number;
  /** Most calls in one sequence. */
  depth: number;
  seed: number;
  /**
   * Let calls jump the block height forward (default true, as `silk fuzz` does). Tests that set
   * up a height themselves turn it off.
   */
  moveBlocks?: boolean;
}

export type FuzzFailure =
  | { kind: "invariant"; check: InvariantFailure }
  | { kind: "assert"; result: ExecResult };

export interface StepResult {
  call: FuzzCall;
  result: ExecResult;
  /** The block height the call ran at. */
  height: bigint;
}

export interface FuzzReport {
  seed: number;
  runs: number;
  /** Entry points called, and those skipped because their arguments cannot be generated. */
  called: AbiFunction[];
  skipped: { fn: AbiFunction; reason: string }[];
  /** Violated after init, before any call. */
  initFailure?: InvariantFailure;
  failure?: {
    /** The shrunk sequence, up to and including the call after which the failure showed. */
    steps: StepResult[];
    what: FuzzFailure;
    shrinks: number;
    /** fast-check's path of the shrunk counterexample (`--path` of the replay). */
    path: string;
  };
  /** Totals over every run, shrinking included. */
  stats: { calls: number; ok: number; failed: number; checks: number };
}

const ASSERT_FAILED = 0x01;

function isAssertFailure(h: InvariantHarness, r: ExecResult): boolean {
  if (r.status !== "revert") return false;
  try {
    const e = decodeError(h.abi, r.returnData);
    return e.kind === "panic" && e.code === ASSERT_FAILED;
  } catch {
    return false;
  }
}

/** Payable calls carry nothing, a little or a lot (the actors hold 10^24). */
const attachedValueArb = fc.oneof(
  { arbitrary: fc.constant(0n), weight: 2 },
  { arbitrary: fc.bigInt({ min: 1n, max: 1000n }), weight: 2 },
  { arbitrary: fc.constantFrom(10n ** 18n, 10n ** 24n), weight: 1 },
);

/**
 * Most calls stay in the same block; some move a few blocks on, a few far enough to pass any
 * deadline a contract would set. Shrinking moves toward 0 (no jump).
 */
const advanceArb = fc.oneof(
  { arbitrary: fc.constant(0n), weight: 6 },
  { arbitrary: fc.bigInt({ min: 1n, max: 100n }), weight: 2 },
  { arbitrary: fc.constantFrom(1_000n, 100_000n), weight: 1 },
);

/** The entry points the fuzzer calls, and those it skips with the reason. */
export function fuzzTargets(abi: ContractAbi): { called: AbiFunction[]; skipped: FuzzReport["skipped"] } {
  const called: AbiFunction[] = [];
  const skipped: FuzzReport["skipped"] = [];
  for (const fn of abi.functions.values()) {
    const why = fn.inputs.map((p) => ungeneratable(p.type)).find((r) => r !== undefined);
    if (why) skipped.push({ fn, reason: `cannot generate ${why}` });
    else called.push(fn);
  }
  return { called, skipped };
}

export function fuzzInvariants(h: InvariantHarness, opts: FuzzOptions, path?: string): FuzzReport {
  const stats = { calls: 0, ok: 0, failed: 0, checks: 0 };
  const { called, skipped } = fuzzTargets(h.abi);
  const base = { seed: opts.seed, runs: 0, called, skipped, stats };
  const before = h.checks;
  const initFailure = h.check();
  if (initFailure || called.length === 0) {
    stats.checks = h.checks - before;
    return { ...base, ...(initFailure ? { initFailure } : {}) };
  }

  const callArb: fc.Arbitrary<FuzzCall> = fc.constantFrom(...called).chain((fn) =>
    fc.record({
      fn: fc.constant(fn),
      // The address pool (actors, the contract, zero) is known only after deploy.
      args: fn.inputs.length ? fc.tuple(...fn.inputs.map((p) => valueArb(p.type, h.pool))) : fc.constant([] as AbiValue[]),
      from: fc.nat({ max: h.actors.length - 1 }),
      value: fn.payable ? attachedValueArb : fc.constant(0n),
      advance: opts.moveBlocks === false ? fc.constant(0n) : advanceArb,
    }),
  );

  /** Runs a sequence from the deployed state and undoes it; the failure and the steps up to it. */
  const play = (seq: FuzzCall[]): { steps: StepResult[]; what?: FuzzFailure } => {
    const state = h.vm.state;
    const block = h.vm.block;
    state.checkpoint();
    const steps: StepResult[] = [];
    try {
      let height = block.height;
      for (const call of seq) {
        height += call.advance;
        h.vm.block = { ...block, height };
        const input = encodeCall(h.abi, call.fn.name, call.args);
        const result = h.call(h.actors[call.from]!.address, input, call.value);
        steps.push({ call, result, height });
        stats.calls++;
        if (isAssertFailure(h, result)) return { steps, what: { kind: "assert", result } };
        if (result.status !== "ok") {
          stats.failed++;
          continue;
        }
        stats.ok++;
        const check = h.check();
        if (check) return { steps, what: { kind: "invariant", check } };
      }
      return { steps };
    } finally {
      state.revert();
      h.vm.block = block;
    }
  };

  const property = fc.property(fc.array(callArb, { minLength: 1, maxLength: opts.depth }), (seq) => play(seq).what === undefined);
  const details = fc.check(property, { seed: opts.seed, numRuns: opts.runs, ...(path !== undefined ? { path } : {}) });
  const report: FuzzReport = { ...base, runs: details.numRuns };
  if (details.failed && details.counterexample) {
    const [seq] = details.counterexample;
    // Replaying is deterministic; a property that threw (a harness bug) throws here again.
    const replay = play(seq);
    if (replay.what) report.failure = { steps: replay.steps, what: replay.what, shrinks: details.numShrinks, path: details.counterexamplePath ?? "" };
  }
  stats.checks = h.checks - before;
  return report;
}

/**
 * Steps as call-script lines (docs/cli.md): `@bob value=5 height=101 deposit()`, arguments with
 * actors by name; `height=` only where the block moved since the step before (or since the
 * harness's block, for the first), since script heights are absolute.
 */
export function stepLines(h: InvariantHarness, steps: readonly StepResult[]): string[] {
  let prev = h.vm.block.height;
  return steps.map((s) => {
    const args = s.call.fn.inputs.map((p, i) => h.format(p.type, s.call.args[i]!)).join(", ");
    const height = s.height !== prev ? ` height=${s.height}` : "";
    prev = s.height;
    return `${h.actors[s.call.from]!.name}${s.call.value ? ` value=${s.call.value}` : ""}${height} ${s.call.fn.name}(${args})`;
  });
}
