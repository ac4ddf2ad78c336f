// The shape of one host function's implementation. The registry (index.ts) wraps each in a
// `HostFunction` that first charges the table's formula, so an implementation only does the
// work (and charges any "value" quantity itself, after its lookup and before its copy).

import type { InstanceHandle, Value } from "../engine/types.js";
import type { HostFnSpec } from "../../stdlib/host/table.js";
import type { HostFrame } from "./frame.js";

export type HostImpl = (frame: HostFrame, inst: InstanceHandle, args: Value[], spec: HostFnSpec) => Value | undefined;
