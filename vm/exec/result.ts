// What an execution returns (docs/host.md "ExecResult"). Everything here is consensus data:
// codes and bytes only, never host-side message text.

import type { TrapCode } from "../engine/types.js";
import type { EventRecord, TransferRecord, WriteRecord } from "../host/frame.js";
import type { Address } from "../state/store.js";

export type ExecStatus = "ok" | "revert" | "trap" | "rejected";

/**
 * Why an execution was refused before any contract code ran (status "rejected"). The
 * deploy-time reasons also include the validator's and decoder's rule names
 * (`decode.*`, `spec.*`, `policy.*`, `limit.*`).
 */
export type Rejection =
  | "no_code" // call to an address without code
  | "no_export" // the requested export does not exist (or is not a function)
  | "insufficient_balance" // the attached value exceeds the sender's balance
  | "read_only_value" // a read-only call cannot carry value
  | "address_taken" // deploy to an address that already has code
  | "reentrant_section" // malformed `silk.reentrant` custom section
  | string;

export interface ExecResult {
  status: ExecStatus;
  /** Set when status is "trap". */
  trap?: TrapCode;
  /** Set when status is "rejected". */
  rejection?: Rejection;
  /** Gas consumed, ≤ the limit; the whole limit on out_of_gas. */
  gasUsed: bigint;
  /** `return` data (ok), `revert` data (revert), or the export's results encoded; empty on trap. */
  returnData: Uint8Array;
  /** Events of the frames that survived, in emission order (empty unless status is "ok"). */
  events: EventRecord[];
  /** Storage writes that survived, in order; value null = removal (empty unless "ok"). */
  writes: WriteRecord[];
  /** Value movements that survived (attached values and `transfer`s), in order. */
  transfers: TransferRecord[];
}

export interface DeployResult {
  /** The derived contract address; it holds code only when `result.status` is "ok". */
  address: Address;
  result: ExecResult;
}

export function rejected(rejection: Rejection, gasUsed = 0n): ExecResult {
  return { status: "rejected", rejection, gasUsed, returnData: new Uint8Array(0), events: [], writes: [], transfers: [] };
}
