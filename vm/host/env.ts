// Host functions that read the frame's environment or end it: call input, return/revert,
// identities, block data, gas, the last call's return data, and debug output.
// Gas has already been charged by the registry (index.ts) when these run.

import { sliceChecked, u256ToBytes, u32 } from "./codec.js";
import { Halt } from "./frame.js";
import type { HostImpl } from "./impl.js";

export const ENV_IMPLS: Readonly<Record<string, HostImpl>> = {
  input_size: (f) => f.input.length | 0,
  input_read: (f, inst, [dst, off, len]) => {
    inst.write(u32(dst), sliceChecked(f.input, u32(off), u32(len)));
    return undefined;
  },
  return: (_f, inst, [ptr, len]) => {
    throw new Halt("return", inst.read(u32(ptr), u32(len)));
  },
  revert: (_f, inst, [ptr, len]) => {
    throw new Halt("revert", inst.read(u32(ptr), u32(len)));
  },
  caller: (f, inst, [dst]) => (inst.write(u32(dst), f.caller), undefined),
  origin: (f, inst, [dst]) => (inst.write(u32(dst), f.origin), undefined),
  self_address: (f, inst, [dst]) => (inst.write(u32(dst), f.self), undefined),
  value: (f, inst, [dst]) => (inst.write(u32(dst), u256ToBytes(f.value)), undefined),
  block_height: (f) => BigInt.asIntN(64, f.block.height),
  block_time: (f) => BigInt.asIntN(64, f.block.time),
  chain_id: (f) => BigInt.asIntN(64, f.block.chainId),
  // Read after the registry charged this function's own base, as the table documents.
  gas_left: (_f, inst) => BigInt.asIntN(64, inst.gasLeft()),
  returndata_size: (f) => f.lastReturnData.length | 0,
  returndata_read: (f, inst, [dst, off, len]) => {
    inst.write(u32(dst), sliceChecked(f.lastReturnData, u32(off), u32(len)));
    return undefined;
  },
  debug: (f, inst, [ptr, len]) => {
    f.debug(f.self, inst.read(u32(ptr), u32(len)));
    return undefined;
  },
};
