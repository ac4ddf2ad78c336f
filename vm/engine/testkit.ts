// Shared by the engines' tests: the trap code a thunk ends with.

import { Trap, type TrapCode } from "./types.js";

/** Runs `f`; returns the code of the Trap it throws, or "no trap". Anything else is rethrown. */
export function trapOf(f: () => unknown): TrapCode | "no trap" {
  try {
    f();
    return "no trap";
  } catch (e) {
    if (e instanceof Trap) return e.code;
    throw e;
  }
}
