// V8's trap messages → the VM's stable trap codes. The message text never leaves the VM;
// only the code does. An unknown RuntimeError is a VM bug and is reported as a fault.

import type { TrapCode } from "../types.js";

const MESSAGES: [RegExp, TrapCode][] = [
  [/^unreachable/, "unreachable"],
  [/divide by zero|remainder by zero/, "div_by_zero"],
  [/divide result unrepresentable|integer overflow/, "int_overflow"],
  [/memory access out of bounds|data segment is out of bounds|data segment has been dropped/, "memory_oob"],
  [/table index is out of bounds|element segment|table access/, "table_oob"],
  [/null function or function signature mismatch|function signature mismatch/, "indirect_call_mismatch"],
];

export function trapCodeOfMessage(message: string): TrapCode | undefined {
  const m = message.replace(/^WebAssembly\.Instance\(\): /, "");
  for (const [re, code] of MESSAGES) if (re.test(m)) return code;
  return undefined;
}

/** Raised for a condition that must never be a contract result (e.g. a V8 RangeError). */
export class VmFault extends Error {
  override readonly name = "VmFault";
}
