// Re-entrancy opt-in (DESIGN §5): a contract that is already on the call stack may be
// entered again only through an entry point listed in its `silk.reentrant` custom section.
// Payload: the 4-byte selectors (DESIGN §4: the first 4 bytes of a call's input) of those
// entry points, concatenated; its length must be a multiple of 4. The compiler emits one
// selector per `#[reentrant]` function.

import type { WasmModule } from "../wasm/module.js";

export const REENTRANT_SECTION = "silk.reentrant";
export const SELECTOR_BYTES = 4;

/**
 * The selectors a module allows to be re-entered, as u32 (little-endian reading of the
 * 4 bytes), or null when a `silk.reentrant` section is malformed. Several sections are
 * joined. No section → an empty set: nothing may be re-entered.
 */
export function reentrantSelectors(m: WasmModule): ReadonlySet<number> | null {
  const out = new Set<number>();
  for (const c of m.customs) {
    if (c.name !== REENTRANT_SECTION) continue;
    if (c.bytes.length % SELECTOR_BYTES !== 0) return null;
    for (let i = 0; i < c.bytes.length; i += SELECTOR_BYTES) out.add(selectorAt(c.bytes, i));
  }
  return out;
}

/** The selector of a call input, or undefined when the input is shorter than 4 bytes. */
export function selectorOf(input: Uint8Array): number | undefined {
  return input.length < SELECTOR_BYTES ? undefined : selectorAt(input, 0);
}

function selectorAt(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}
