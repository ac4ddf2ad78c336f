// @ts-nocheck — AssemblyScript (compiled by `asc`, not by tsc): the cold-compile comparison
// program for bench/compile.bench.ts, a token of about the size of examples/token.silk (62 lines):
// balances, allowances, transfer / approve / transfer_from with checks, and an event log.
// Accounts are u64 ids; amounts are u64.

const balances = new Map<u64, u64>();
const allowances = new Map<u64, Map<u64, u64>>();
let supply: u64 = 0;
let lastEvent: u32 = 0; // 1 = Transfer, 2 = Approval
let lastFrom: u64 = 0;
let lastTo: u64 = 0;
let lastAmount: u64 = 0;

function emit(kind: u32, from: u64, to: u64, amount: u64): void {
  lastEvent = kind;
  lastFrom = from;
  lastTo = to;
  lastAmount = amount;
}

function balanceGet(who: u64): u64 {
  return balances.has(who) ? balances.get(who) : 0;
}

/** Mints the whole supply to the deployer. */
export function init(deployer: u64, amount: u64): void {
  supply = amount;
  balances.set(deployer, amount);
  emit(1, 0, deployer, amount);
}

function moveTokens(from: u64, to: u64, amount: u64): void {
  const have = balanceGet(from);
  if (have < amount) throw new Error("InsufficientBalance");
  balances.set(from, have - amount);
  balances.set(to, balanceGet(to) + amount);
  emit(1, from, to, amount);
}

/** Moves `amount` from the caller to `to`. */
export function transfer(sender: u64, to: u64, amount: u64): bool {
  moveTokens(sender, to, amount);
  return true;
}

export function allowance(owner: u64, spender: u64): u64 {
  if (!allowances.has(owner)) return 0;
  const m = allowances.get(owner);
  return m.has(spender) ? m.get(spender) : 0;
}

export function approve(sender: u64, spender: u64, amount: u64): bool {
  if (!allowances.has(sender)) allowances.set(sender, new Map<u64, u64>());
  allowances.get(sender).set(spender, amount);
  emit(2, sender, spender, amount);
  return true;
}

export function transferFrom(sender: u64, from: u64, to: u64, amount: u64): bool {
  const allowed = allowance(from, sender);
  if (allowed < amount) throw new Error("InsufficientAllowance");
  allowances.get(from).set(sender, allowed - amount);
  moveTokens(from, to, amount);
  return true;
}

export function balanceOf(who: u64): u64 {
  return balanceGet(who);
}

export function totalSupply(): u64 {
  return supply;
}
