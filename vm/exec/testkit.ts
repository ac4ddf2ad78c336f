// Helpers for tests that run WAT contracts through the Vm (and for the conformance suites):
// the host imports as WAT text, generated from the host table so that a test contract
// declares exactly what a compiled contract would; small byte helpers. No Wasm toolchain
// here: the VM must never load wabt, so the tests bring their own WAT → bytes step.

import { HOST_FUNCTIONS, HOST_MODULE } from "../../stdlib/host/table.js";
import { valTypeName } from "../wasm/module.js";
import type { Address } from "../state/store.js";
import type { Engine } from "../engine/types.js";
import type { CostSchedule } from "../meter/types.js";
import { MemoryState } from "../state/memory.js";
import { Vm } from "./vm.js";

/** `(import "silk" "<name>" (func $<name> (param …) (result …)))` for every host function. */
export function hostImportsWat(): string {
  return HOST_FUNCTIONS.map((f) => {
    const params = f.params.length ? ` (param ${f.params.map(valTypeName).join(" ")})` : "";
    const results = f.results.length ? ` (result ${f.results.map(valTypeName).join(" ")})` : "";
    return `(import "${HOST_MODULE}" "${f.name}" (func $${f.name}${params}${results}))`;
  }).join("\n");
}

/** A recognisable 32-byte address: every byte `n`. */
export function addr(n: number): Address {
  return new Uint8Array(32).fill(n);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function u32le(x: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, x >>> 0, true);
  return out;
}

export function u64le(x: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, x), true);
  return out;
}

export function readU32le(b: Uint8Array, at = 0): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** WAT text → module bytes; the tests supply it (wabt), the VM never loads a toolchain. */
export type WatCompiler = (text: string) => Uint8Array;

export const TEST_BLOCK = { height: 42n, time: 1_700_000_000n, chainId: 7n };
/** The funded account the tests deploy and call from. */
export const ALICE = addr(0xa1);
export const ALICE_FUNDS = 1_000_000n;

export interface World {
  vm: Vm;
  state: MemoryState;
  debug: string[];
}

export interface WorldOptions {
  maxCallDepth?: number;
  /** Only the Vm's copy: deploy prices and nestedCallStack (the engine keeps its own). */
  schedule?: CostSchedule;
}

export function makeWorld(engine: Engine, opts: WorldOptions = {}): World {
  const state = new MemoryState();
  state.setBalance(ALICE, ALICE_FUNDS);
  const debug: string[] = [];
  const vm = new Vm({
    state, engine, block: TEST_BLOCK, maxCallDepth: opts.maxCallDepth, schedule: opts.schedule,
    onDebug: (_a, l) => debug.push(new TextDecoder().decode(l)),
  });
  return { vm, state, debug };
}

/**
 * A runner that plays one scenario on a fresh world per engine and hands every pair of
 * (result, final state dump) to `assertEqual` against the first engine's; returns the first
 * engine's result. This is how the tests hold the engines to identical ExecResults.
 */
export function acrossEngines(
  engines: ReadonlyArray<() => Engine>,
  assertEqual: (actual: unknown, expected: unknown) => void,
  opts: WorldOptions = {},
): <T>(scenario: (w: World) => T) => T {
  return (scenario) => {
    const runs = engines.map((mk) => {
      const w = makeWorld(mk(), opts);
      return { out: scenario(w), dump: w.state.dump() };
    });
    for (const r of runs.slice(1)) {
      assertEqual(r.out, runs[0].out);
      assertEqual(r.dump, runs[0].dump);
    }
    return runs[0].out;
  };
}
