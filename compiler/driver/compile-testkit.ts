// Test helpers for compile-and-run tests: compile Silk source, deploy it on a fresh world per
// engine (V8Engine and InterpEngine), run a scenario, and hold both engines to identical results
// and final states (vm/exec/testkit.ts `acrossEngines`).

import { compileSource, type CompiledContract, type CompileOptions } from "./compile.js";
import { loadAbi, encodeCall, encodeInit, decodeReturn, decodeError, decodeEvent, type ContractAbi } from "../../stdlib/abi/index.js";
import { acrossEngines, ALICE, type World } from "../../vm/exec/testkit.js";
import { V8Engine } from "../../vm/engine/v8/engine.js";
import { InterpEngine } from "../../vm/engine/interp/engine.js";
import type { Address } from "../../vm/state/store.js";
import type { ExecResult } from "../../vm/exec/result.js";

export const ENGINES = [() => new V8Engine(), () => new InterpEngine()];
const GAS = 50_000_000n;

export function compileOne(src: string, opts: CompileOptions = {}): CompiledContract {
  const r = compileSource(src, opts);
  if (!r.ok || r.contracts.length !== 1) {
    throw new Error(`compile failed:\n${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  }
  return r.contracts[0]!;
}

export interface Outcome {
  status: ExecResult["status"];
  value?: unknown;
  error?: unknown;
  trap?: string;
  events: unknown[];
  gasUsed: bigint;
}

export class Session {
  readonly abi: ContractAbi;
  address!: Address;
  constructor(readonly w: World, readonly contract: CompiledContract) {
    this.abi = loadAbi(JSON.stringify(contract.abi));
  }
  deploy(args: unknown[] = [], opts: { value?: bigint; from?: Address } = {}): Outcome {
    const input = this.abi.init ? encodeInit(this.abi, args) : new Uint8Array(0);
    const d = this.w.vm.deploy({ from: opts.from ?? ALICE, code: this.contract.wasm, gas: GAS, input, value: opts.value });
    this.address = d.address;
    return this.outcome(d.result, undefined);
  }
  call(fn: string, args: unknown[] = [], opts: { value?: bigint; from?: Address; input?: Uint8Array } = {}): Outcome {
    const input = opts.input ?? encodeCall(this.abi, fn, args);
    const r = this.w.vm.call({ from: opts.from ?? ALICE, to: this.address, input, gas: GAS, value: opts.value });
    return this.outcome(r, fn);
  }
  private outcome(r: ExecResult, fn: string | undefined): Outcome {
    const o: Outcome = { status: r.status, events: r.events.map((e) => {
      const d = decodeEvent(this.abi, e.topics, e.data);
      return { name: d.event.name, values: d.values, hashes: d.hashes };
    }), gasUsed: r.gasUsed };
    if (r.status === "ok" && fn) o.value = decodeReturn(this.abi, fn, r.returnData);
    if (r.status === "revert") o.error = decodeError(this.abi, r.returnData);
    if (r.trap) o.trap = r.trap;
    if (r.rejection) o.trap = r.rejection;
    return o;
  }
}

/** Runs `scenario` on both engines against one compiled contract; returns the first engine's result. */
export function onBothEngines<T>(contract: CompiledContract, assertEqual: (a: unknown, b: unknown) => void, scenario: (s: Session) => T): T {
  return acrossEngines(ENGINES, assertEqual)((w) => scenario(new Session(w, contract)));
}
