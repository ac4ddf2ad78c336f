// The contract-level executor's public surface (docs/host.md).
export { Vm, MAX_CALL_DEPTH, CALL_EXPORT, INIT_EXPORT } from "./vm.js";
export type { VmOptions, DeployRequest, CallRequest } from "./vm.js";
export type { ExecResult, ExecStatus, DeployResult, Rejection } from "./result.js";
export { contractAddress, nonceSalt } from "./address.js";
export { REENTRANT_SECTION, reentrantSelectors, selectorOf } from "./reentrancy.js";
export type { BlockInfo, EventRecord, WriteRecord, TransferRecord } from "../host/frame.js";
