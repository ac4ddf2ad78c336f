// What the host functions of one contract call frame see: the frame's identity (self,
// caller, origin, value, input), the world state, the frame's effect log, and a way to run a
// nested call. The executor (vm/exec/) builds one `HostFrame` per frame; the host functions
// (vm/host/*.ts) only ever touch the world through it.

import type { InstanceHandle } from "../engine/types.js";
import type { Address, StateStore } from "../state/store.js";

/** The block a transaction executes in, as the node supplies it. */
export interface BlockInfo {
  readonly height: bigint;
  /** Seconds since the Unix epoch, from the block header (never a local clock). */
  readonly time: bigint;
  readonly chainId: bigint;
}

export interface EventRecord {
  readonly address: Address;
  readonly topics: Uint8Array[];
  readonly data: Uint8Array;
}

/** A storage write; `value` null = removal. */
export interface WriteRecord {
  readonly address: Address;
  readonly key: Uint8Array;
  readonly value: Uint8Array | null;
}

/** A value movement: attached call value or an explicit `transfer`. */
export interface TransferRecord {
  readonly from: Address;
  readonly to: Address;
  readonly amount: bigint;
}

/** A position in an `EffectLog`, taken when a frame starts. */
export interface EffectMark {
  readonly events: number;
  readonly writes: number;
  readonly transfers: number;
}

/**
 * The effects of one top-level execution, in order. A frame takes a mark when it starts;
 * if it reverts or traps, the log is cut back to the mark (its state changes are undone
 * by the StateStore checkpoint taken at the same moment), so what remains are exactly the
 * effects of the frames that survived.
 */
export class EffectLog {
  readonly events: EventRecord[] = [];
  readonly writes: WriteRecord[] = [];
  readonly transfers: TransferRecord[] = [];

  mark(): EffectMark {
    return { events: this.events.length, writes: this.writes.length, transfers: this.transfers.length };
  }
  rollback(m: EffectMark): void {
    this.events.length = m.events;
    this.writes.length = m.writes;
    this.transfers.length = m.transfers;
  }
}

/** A nested contract call as the `call` host function requests it. */
export interface NestedCallRequest {
  readonly to: Address;
  readonly input: Uint8Array;
  readonly value: bigint;
  /** Gas limit for the callee, already capped at the caller's remaining gas. */
  readonly gas: bigint;
  /** The caller's stack units in use at the call (the callee continues from there). */
  readonly callerStackUsed: number;
}

export interface NestedCallResult {
  /** 0 ok / 1 revert / 2 failed (the `call` host function's result). */
  readonly status: 0 | 1 | 2;
  /** Return data for ok and revert; empty when failed. */
  readonly returnData: Uint8Array;
  /** Gas the callee consumed (≤ the request's limit); charged to the caller. */
  readonly gasUsed: bigint;
}

export interface HostFrame {
  readonly self: Address;
  readonly caller: Address;
  readonly origin: Address;
  readonly value: bigint;
  readonly input: Uint8Array;
  /** A read-only frame may not write storage, emit, transfer, or call with value. */
  readonly readOnly: boolean;
  readonly block: BlockInfo;
  readonly state: StateStore;
  readonly effects: EffectLog;
  /** Return data of the last nested call made by this frame. */
  lastReturnData: Uint8Array;
  callContract(req: NestedCallRequest): NestedCallResult;
  /** Sink for `debug` lines; outside consensus data. */
  debug(address: Address, line: Uint8Array): void;
}

/**
 * Thrown by `return` and `revert` to end execution of the frame. The engines let any non-Trap
 * object unwind the instance; the executor catches exactly this class. Not an Error: it is
 * control flow, and a stack trace would only cost time.
 */
export class Halt {
  constructor(readonly kind: "return" | "revert", readonly data: Uint8Array) {}
}

/** Any instance handle a host function receives. Re-exported for the host modules' convenience. */
export type { InstanceHandle };
