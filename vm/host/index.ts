// The host registry: one implementation per entry of the host table (stdlib/host/table.ts),
// each wrapped so that the table's gas formula is charged before the work. `hostImports`
// turns a frame into the ImportResolver an engine instantiates with.

import type { HostFunction, ImportResolver } from "../engine/types.js";
import { HOST_FUNCTIONS, HOST_MODULE, hostGas, type HostFnSpec } from "../../stdlib/host/table.js";
import { CRYPTO_IMPLS } from "./crypto.js";
import { ENV_IMPLS } from "./env.js";
import type { HostFrame } from "./frame.js";
import type { HostImpl } from "./impl.js";
import { WORLD_IMPLS } from "./world.js";

/** Every implementation by name; a test checks these names are exactly the table's. */
export const HOST_IMPLS: Readonly<Record<string, HostImpl>> = Object.freeze({ ...ENV_IMPLS, ...WORLD_IMPLS, ...CRYPTO_IMPLS });

const SPECS: ReadonlyMap<string, HostFnSpec> = new Map(HOST_FUNCTIONS.map((s) => [s.name, s]));

/** The host functions of one frame. Unknown (module, name) pairs resolve to undefined. */
export function hostImports(frame: HostFrame): ImportResolver {
  return (module, name) => {
    if (module !== HOST_MODULE) return undefined;
    const spec = SPECS.get(name);
    const impl = Object.hasOwn(HOST_IMPLS, name) ? HOST_IMPLS[name] : undefined;
    if (spec === undefined || impl === undefined) return undefined;
    const fn: HostFunction = (inst, args) => {
      // DESIGN §5: host functions are charged by their formula before the work. A "value"
      // quantity is 0 here; the implementation charges it once it is known.
      inst.chargeGas(hostGas(spec, args, 0));
      return impl(frame, inst, args, spec);
    };
    return fn;
  };
}

export { Halt, EffectLog } from "./frame.js";
export type { HostFrame, BlockInfo, EventRecord, WriteRecord, TransferRecord, NestedCallRequest, NestedCallResult } from "./frame.js";
export { moveValue } from "./world.js";
export { verifyEd25519Strict } from "./crypto.js";
export { encodeResults, u256ToBytes, bytesToU256 } from "./codec.js";
