// The contract-level executor (DESIGN §5): deploy and call contracts over a StateStore and
// an Engine. Each contract frame runs in a fresh instance inside a StateStore checkpoint and
// an EffectLog mark; the frame's outcome decides between commit and revert, so a revert at
// any depth undoes exactly that frame's writes, events and transfers (and its callees').
// The rules are written out in docs/host.md.

import { DecodeError, ValidationError } from "../errors.js";
import { decodeModule } from "../decode/decode.js";
import { Trap, type Engine, type Instance, type TrapCode } from "../engine/types.js";
import { encodeResults } from "../host/codec.js";
import { EffectLog, Halt, type BlockInfo, type HostFrame, type NestedCallRequest, type NestedCallResult } from "../host/frame.js";
import { hostImports } from "../host/index.js";
import { moveValue } from "../host/world.js";
import type { CostSchedule } from "../meter/types.js";
import { SCHEDULE_V1 } from "../meter/schedule.js";
import { toHex, type Address, type StateStore } from "../state/store.js";
import { validateModule } from "../validate/validate.js";
import type { WasmModule } from "../wasm/module.js";
import { contractAddress, nonceSalt } from "./address.js";
import { CodeCache, entryPointsOf, type LoadedCode } from "./code-cache.js";
import { reentrantSelectors, selectorOf } from "./reentrancy.js";
import { rejected, type DeployResult, type ExecResult } from "./result.js";

/** Frames on one call stack, the top-level frame included. */
export const MAX_CALL_DEPTH = 32;
export const CALL_EXPORT = "call";
export const INIT_EXPORT = "init";

export interface VmOptions {
  state: StateStore;
  engine: Engine;
  /** Must be the schedule the engine meters with (deploy prices and nested-call stack units). */
  schedule?: CostSchedule;
  block?: BlockInfo;
  maxCallDepth?: number;
  /** Receives `debug` lines. Outside consensus data: lines of reverted frames are kept. */
  onDebug?: (address: Address, line: Uint8Array) => void;
  /** Module acceptance; defaults to `validateModule` with the default policy. */
  validate?: (m: WasmModule, byteLength: number) => void;
}

export interface DeployRequest {
  from: Address;
  code: Uint8Array;
  input?: Uint8Array;
  value?: bigint;
  gas: bigint;
  /** Address salt; when absent the deployer's nonce is used and incremented. */
  salt?: Uint8Array;
  /**
   * false: store the code without running `init` (tools that then call exports one by one).
   * The module is still instantiated (and its start function run), so a module whose
   * instantiation traps is not stored. Default true; consensus paths never pass false.
   */
  init?: boolean;
}

export interface CallRequest {
  from: Address;
  to: Address;
  input: Uint8Array;
  value?: bigint;
  gas: bigint;
  /** The entry point; default "call". */
  export?: string;
  /** Forbid every state change (storage, events, transfers, value), in nested calls too. */
  readOnly?: boolean;
  /**
   * Allow `export: "init"` (refused by default: `init` runs once, at deploy, and calling it
   * later would let anyone re-initialise a contract). For tools only, after `init: false`.
   */
  allowInit?: boolean;
}

/** One frame to run: who, with what, and where it sits on the call stack. */
interface FrameRequest {
  readonly code: LoadedCode;
  readonly self: Address;
  readonly caller: Address;
  readonly origin: Address;
  readonly input: Uint8Array;
  readonly value: bigint;
  readonly gas: bigint;
  readonly stackUsed: number;
  readonly depth: number;
  readonly readOnly: boolean;
  /** null: instantiate and run the start function only (deploy without `init`). */
  readonly exportName: string | null;
  /** Hex addresses of the frames below this one. */
  readonly callStack: readonly string[];
  readonly effects: EffectLog;
}

type FrameOutcome =
  | { status: "ok" | "revert"; returnData: Uint8Array; gasUsed: bigint }
  | { status: "trap"; trap: TrapCode; gasUsed: bigint }
  | { status: "failed"; reason: "insufficient_balance"; gasUsed: 0n };

const EMPTY = new Uint8Array(0);

export class Vm {
  readonly state: StateStore;
  readonly engine: Engine;
  readonly schedule: CostSchedule;
  /** The block the next executions run in; the node sets it before each block. */
  block: BlockInfo;
  private readonly maxDepth: number;
  private readonly cache: CodeCache;
  private readonly onDebug: (address: Address, line: Uint8Array) => void;
  private readonly validate: (m: WasmModule, byteLength: number) => void;

  constructor(opts: VmOptions) {
    this.state = opts.state;
    this.engine = opts.engine;
    this.schedule = opts.schedule ?? SCHEDULE_V1;
    this.block = opts.block ?? { height: 0n, time: 0n, chainId: 0n };
    this.maxDepth = opts.maxCallDepth ?? MAX_CALL_DEPTH;
    this.cache = new CodeCache(opts.engine);
    this.onDebug = opts.onDebug ?? (() => {});
    this.validate = opts.validate ?? ((m, byteLength) => validateModule(m, { byteLength }));
  }

  /**
   * Deploy a contract. Gas: deployPerByte × code bytes, then (once decoded) deployPerFunction ×
   * defined functions, then whatever `init` uses. A module that fails to decode or validate is
   * "rejected" with the rule as `rejection`, having paid the per-byte part.
   */
  deploy(req: DeployRequest): DeployResult {
    const value = req.value ?? 0n;
    let salt = req.salt;
    if (salt === undefined) {
      // Like an EVM transaction, every deploy consumes the nonce, whatever its outcome.
      const nonce = this.state.getNonce(req.from);
      this.state.setNonce(req.from, nonce + 1n);
      salt = nonceSalt(nonce);
    }
    const address = contractAddress(req.from, salt);
    const done = (result: ExecResult): DeployResult => ({ address, result });

    const byteCost = BigInt(this.schedule.deployPerByte) * BigInt(req.code.length);
    if (byteCost > req.gas) return done(outOfGas(req.gas));
    let module: WasmModule;
    try {
      module = decodeModule(req.code);
      this.validate(module, req.code.length);
    } catch (e) {
      if (e instanceof DecodeError || e instanceof ValidationError) return done(rejected(e.rule, byteCost));
      throw e;
    }
    const reentrant = reentrantSelectors(module);
    if (reentrant === null) return done(rejected("reentrant_section", byteCost));
    const staticCost = byteCost + BigInt(this.schedule.deployPerFunction) * BigInt(module.funcs.length);
    if (staticCost > req.gas) return done(outOfGas(req.gas));
    if (this.state.getCode(address) !== undefined) return done(rejected("address_taken", staticCost));
    const hasInit = entryPointsOf(module).has(INIT_EXPORT);
    if (!hasInit && module.exports.some((e) => e.name === INIT_EXPORT)) return done(rejected("no_export", staticCost));
    const runInit = hasInit && (req.init ?? true);

    const code = this.cache.add(req.code, module, reentrant);
    const effects = new EffectLog();
    // The code is stored inside a checkpoint of its own: a failing `init` takes it away again.
    this.state.checkpoint();
    let out: FrameOutcome;
    try {
      this.state.setCode(address, req.code);
      out = this.runFrame({
        code, self: address, caller: req.from, origin: req.from, input: req.input ?? EMPTY, value,
        gas: req.gas - staticCost, stackUsed: 0, depth: 1, readOnly: false,
        exportName: runInit ? INIT_EXPORT : null, callStack: [], effects,
      });
    } catch (e) {
      this.state.revert(); // a VM fault: leave the state as it was
      throw e;
    }
    if (out.status === "ok") this.state.commit();
    else this.state.revert();
    if (out.status === "failed") return done(rejected(out.reason, staticCost));
    const result = toExecResult(out, effects);
    result.gasUsed = out.status === "trap" && out.trap === "out_of_gas" ? req.gas : staticCost + out.gasUsed;
    return done(result);
  }

  /** Call an entry point of a deployed contract. */
  call(req: CallRequest): ExecResult {
    const value = req.value ?? 0n;
    const readOnly = req.readOnly ?? false;
    if (readOnly && value !== 0n) return rejected("read_only_value");
    const stored = this.state.getCode(req.to);
    if (stored === undefined) return rejected("no_code");
    const code = this.cache.load(stored);
    const exportName = req.export ?? CALL_EXPORT;
    if ((exportName === INIT_EXPORT && !req.allowInit) || !code.entryPoints.has(exportName)) return rejected("no_export");
    const effects = new EffectLog();
    const out = this.runFrame({
      code, self: req.to, caller: req.from, origin: req.from, input: req.input, value, gas: req.gas,
      stackUsed: 0, depth: 1, readOnly, exportName, callStack: [], effects,
    });
    if (out.status === "failed") return rejected(out.reason);
    return toExecResult(out, effects);
  }

  /**
   * Run one frame inside its own checkpoint. Value moves first (and is undone with the
   * frame); a trap while instantiating consumes the frame's whole limit, since no instance
   * exists to say how much was used.
   */
  private runFrame(req: FrameRequest): FrameOutcome {
    const state = this.state;
    const effects = req.effects;
    const mark = effects.mark();
    state.checkpoint();
    if (!moveValue(state, effects, req.caller, req.self, req.value)) {
      state.revert();
      return { status: "failed", reason: "insufficient_balance", gasUsed: 0n };
    }
    const frame: HostFrame = {
      self: req.self, caller: req.caller, origin: req.origin, value: req.value, input: req.input,
      readOnly: req.readOnly, block: this.block, state, effects, lastReturnData: EMPTY,
      callContract: (r) => this.nestedCall(req, r),
      debug: this.onDebug,
    };
    let inst: Instance | undefined;
    let out: FrameOutcome;
    try {
      inst = this.engine.instantiate(req.code.prepared, hostImports(frame), { gas: req.gas, stackUsed: req.stackUsed });
      inst.runStart();
      const values = req.exportName === null ? [] : inst.invoke(req.exportName, []);
      out = { status: "ok", returnData: encodeResults(values), gasUsed: 0n };
    } catch (e) {
      if (e instanceof Halt) out = { status: e.kind === "return" ? "ok" : "revert", returnData: e.data, gasUsed: 0n };
      else if (e instanceof Trap) out = { status: "trap", trap: e.code, gasUsed: 0n };
      else {
        // Not a contract outcome (a VM fault): leave the state as it was and let it surface.
        state.revert();
        effects.rollback(mark);
        throw e;
      }
    }
    out.gasUsed = inst === undefined || (out.status === "trap" && out.trap === "out_of_gas") ? req.gas : req.gas - inst.gasLeft();
    inst?.release();
    if (out.status === "ok") state.commit();
    else {
      state.revert();
      effects.rollback(mark);
    }
    return out;
  }

  /** The `call` host function's work: checks, then a frame one level deeper. */
  private nestedCall(parent: FrameRequest, r: NestedCallRequest): NestedCallResult {
    const failed: NestedCallResult = { status: 2, returnData: EMPTY, gasUsed: 0n };
    if (parent.depth + 1 > this.maxDepth) return failed;
    const stored = this.state.getCode(r.to);
    if (stored === undefined) return failed;
    const code = this.cache.load(stored);
    if (!code.entryPoints.has(CALL_EXPORT)) return failed;
    const callStack = [...parent.callStack, toHex(parent.self)];
    if (callStack.includes(toHex(r.to))) {
      const sel = selectorOf(r.input);
      if (sel === undefined || !code.reentrant.has(sel)) return failed;
    }
    const out = this.runFrame({
      code, self: r.to, caller: parent.self, origin: parent.origin, input: r.input, value: r.value, gas: r.gas,
      stackUsed: r.callerStackUsed + this.schedule.nestedCallStack, depth: parent.depth + 1,
      readOnly: parent.readOnly, exportName: CALL_EXPORT, callStack, effects: parent.effects,
    });
    switch (out.status) {
      case "ok": return { status: 0, returnData: out.returnData, gasUsed: out.gasUsed };
      case "revert": return { status: 1, returnData: out.returnData, gasUsed: out.gasUsed };
      case "trap": return { status: 2, returnData: EMPTY, gasUsed: out.gasUsed };
      case "failed": return failed;
    }
  }
}

function outOfGas(gas: bigint): ExecResult {
  return { status: "trap", trap: "out_of_gas", gasUsed: gas, returnData: EMPTY, events: [], writes: [], transfers: [] };
}

function toExecResult(out: Exclude<FrameOutcome, { status: "failed" }>, effects: EffectLog): ExecResult {
  if (out.status === "trap") {
    return { status: "trap", trap: out.trap, gasUsed: out.gasUsed, returnData: EMPTY, events: [], writes: [], transfers: [] };
  }
  // After a revert the top frame's rollback has already emptied the log.
  return {
    status: out.status, gasUsed: out.gasUsed, returnData: out.returnData,
    events: [...effects.events], writes: [...effects.writes], transfers: [...effects.transfers],
  };
}
