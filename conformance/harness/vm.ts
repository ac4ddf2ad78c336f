// Runs generated modules through the contract-level VM (vm/exec/vm.ts) on a chosen engine
// and reduces each ExecResult to plain data (hex strings, decimal gas), so that results of
// the two engines can be compared with one deep equality and read in a failure report.

import { InterpEngine } from "../../vm/engine/interp/index.js";
import type { Engine } from "../../vm/engine/types.js";
import { V8Engine } from "../../vm/engine/v8/engine.js";
import { VmFault } from "../../vm/engine/v8/traps.js";
import type { ExecResult } from "../../vm/exec/result.js";
import { Vm } from "../../vm/exec/vm.js";
import { MemoryState } from "../../vm/state/memory.js";
import { hex, type CallSpec } from "../gen/arbitrary.js";

/** One instance of each engine for the whole test file (the v8 engine caches compiled code). */
export const ENGINES: Readonly<Record<"v8" | "interp", Engine>> = { v8: new V8Engine(), interp: new InterpEngine() };

/** Enough for the per-byte and per-function deploy charges of any generated module. */
export const DEPLOY_GAS = 50_000_000n;
export const DEPLOYER = new Uint8Array(32).fill(0xa1);
export const BLOCK = { height: 7n, time: 1_700_000_000n, chainId: 42n };

export interface Observed {
  status: string;
  trap?: string;
  rejection?: string;
  gasUsed: string;
  returnData: string;
  events: { address: string; topics: string[]; data: string }[];
  writes: { address: string; key: string; value: string | null }[];
  transfers: { from: string; to: string; amount: string }[];
}

export function observe(r: ExecResult): Observed {
  const o: Observed = {
    status: r.status,
    gasUsed: r.gasUsed.toString(),
    returnData: hex(r.returnData),
    events: r.events.map((e) => ({ address: hex(e.address), topics: e.topics.map(hex), data: hex(e.data) })),
    writes: r.writes.map((w) => ({ address: hex(w.address), key: hex(w.key), value: w.value === null ? null : hex(w.value) })),
    transfers: r.transfers.map((t) => ({ from: hex(t.from), to: hex(t.to), amount: t.amount.toString() })),
  };
  if (r.trap !== undefined) o.trap = r.trap;
  if (r.rejection !== undefined) o.rejection = r.rejection;
  return o;
}

/** A VM fault (an engine error that is not a contract result), recorded instead of thrown. */
function faulted(e: unknown): Observed {
  if (!(e instanceof Error)) throw e; // not an engine error (e.g. a stray control-flow object)
  const name = e instanceof VmFault ? "VmFault" : e.name;
  return { status: `fault:${name}`, gasUsed: "?", returnData: e.message, events: [], writes: [], transfers: [] };
}

export interface Session {
  deploy: Observed;
  calls: Observed[];
  /** Storage of the contract after the last call: [key hex, value hex], sorted. */
  storage: [string, string, string][];
}

/** Deploy `code` on a fresh state and make the calls in order. */
export function runSession(engine: Engine, code: Uint8Array, calls: readonly CallSpec[]): Session {
  const state = new MemoryState();
  const vm = new Vm({ state, engine, block: BLOCK });
  let address: Uint8Array;
  let deploy: Observed;
  try {
    const d = vm.deploy({ from: DEPLOYER, code, gas: DEPLOY_GAS });
    address = d.address;
    deploy = observe(d.result);
  } catch (e) {
    return { deploy: faulted(e), calls: [], storage: [] };
  }
  const out: Observed[] = [];
  for (const call of calls) {
    try {
      out.push(observe(vm.call({ from: DEPLOYER, to: address, input: call.input, gas: call.gas })));
    } catch (e) {
      out.push(faulted(e));
    }
  }
  return { deploy, calls: out, storage: state.dump().storage };
}

/** One call on a fresh deployment, with the given gas limit. */
export function runOnce(engine: Engine, code: Uint8Array, input: Uint8Array, gas: bigint): Observed {
  return runSession(engine, code, [{ input, gas }]).calls[0]!;
}
