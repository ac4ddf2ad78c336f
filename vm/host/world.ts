// Host functions that read or change the world: storage, balances, transfers, events and
// nested calls. Every change goes through the StateStore (undone by the frame's checkpoint)
// and is logged in the frame's EffectLog (cut back on revert), so the two stay in step.

import { Trap } from "../engine/types.js";
import type { Address, StateStore } from "../state/store.js";
import { MAX_TOPICS, WORD } from "../../stdlib/host/table.js";
import { bytesToU256, u256ToBytes, u32, u64 } from "./codec.js";
import type { EffectLog, HostFrame } from "./frame.js";
import type { HostImpl } from "./impl.js";

function denyReadOnly(f: HostFrame): void {
  if (f.readOnly) throw new Trap("host_error", "state change in a read-only call");
}

/**
 * Move `amount` from one account to another, logging it. Returns false (and changes nothing)
 * when the sender's balance is short. Shared by `transfer`, nested call values and the
 * executor's top-level value.
 */
export function moveValue(state: StateStore, effects: EffectLog, from: Address, to: Address, amount: bigint): boolean {
  const fromBalance = state.getBalance(from);
  if (fromBalance < amount) return false;
  if (amount === 0n) return true;
  state.setBalance(from, fromBalance - amount);
  // Read after the debit, so a transfer to oneself nets to zero.
  state.setBalance(to, state.getBalance(to) + amount);
  effects.transfers.push({ from, to, amount });
  return true;
}

export const WORLD_IMPLS: Readonly<Record<string, HostImpl>> = {
  storage_get: (f, inst, [kp, kl, dst, cap], spec) => {
    const key = inst.read(u32(kp), u32(kl));
    const v = f.state.getStorage(f.self, key);
    if (v === undefined) return -1;
    const n = Math.min(v.length, u32(cap));
    // The formula's "value" quantity: known only now, charged before the copy.
    inst.chargeGas(BigInt(spec.gas.perByte) * BigInt(n));
    inst.write(u32(dst), v.subarray(0, n));
    return v.length | 0;
  },
  storage_set: (f, inst, [kp, kl, vp, vl]) => {
    denyReadOnly(f);
    const key = inst.read(u32(kp), u32(kl));
    const value = inst.read(u32(vp), u32(vl));
    f.state.setStorage(f.self, key, value);
    f.effects.writes.push({ address: f.self, key, value });
    return undefined;
  },
  storage_remove: (f, inst, [kp, kl]) => {
    denyReadOnly(f);
    const key = inst.read(u32(kp), u32(kl));
    f.state.removeStorage(f.self, key);
    f.effects.writes.push({ address: f.self, key, value: null });
    return undefined;
  },
  balance_of: (f, inst, [ap, dst]) => {
    const who = inst.read(u32(ap), WORD);
    inst.write(u32(dst), u256ToBytes(f.state.getBalance(who)));
    return undefined;
  },
  transfer: (f, inst, [tp, ap]) => {
    denyReadOnly(f);
    const to = inst.read(u32(tp), WORD);
    const amount = bytesToU256(inst.read(u32(ap), WORD));
    return moveValue(f.state, f.effects, f.self, to, amount) ? 0 : 1;
  },
  emit: (f, inst, [tp, tc, dp, dl]) => {
    denyReadOnly(f);
    const count = u32(tc);
    if (count > MAX_TOPICS) throw new Trap("host_error", "too many topics");
    const packed = inst.read(u32(tp), count * WORD);
    const topics: Uint8Array[] = [];
    for (let i = 0; i < count; i++) topics.push(packed.slice(i * WORD, (i + 1) * WORD));
    const data = inst.read(u32(dp), u32(dl));
    f.effects.events.push({ address: f.self, topics, data });
    return undefined;
  },
  call: (f, inst, [ap, ip, il, vp, g]) => {
    const to = inst.read(u32(ap), WORD);
    const input = inst.read(u32(ip), u32(il));
    const value = bytesToU256(inst.read(u32(vp), WORD));
    if (value !== 0n) denyReadOnly(f);
    const left = inst.gasLeft();
    const requested = u64(g);
    const gas = requested < left ? requested : left;
    const r = f.callContract({ to, input, value, gas, callerStackUsed: inst.stackUsed() });
    // The callee's consumption is the caller's: never more than it had (gas ≤ left).
    inst.chargeGas(r.gasUsed);
    f.lastReturnData = r.returnData;
    return r.status;
  },
};
