// Prepared contract code, kept per code hash so that `Engine.prepare` (and, for v8,
// instrumentation and compilation) runs once per distinct contract, not once per call.
// A small FIFO bound keeps memory flat; eviction only costs a re-prepare, never changes a
// result, so its order is not consensus-relevant.

import { sha256 } from "@noble/hashes/sha2.js";
import { decodeModule } from "../decode/decode.js";
import type { Engine, PreparedModule } from "../engine/types.js";
import { toHex } from "../state/store.js";
import { funcTypeOf, type WasmModule } from "../wasm/module.js";
import { reentrantSelectors } from "./reentrancy.js";

export interface LoadedCode {
  readonly codeHash: string;
  readonly module: WasmModule;
  readonly prepared: PreparedModule;
  /** Selectors that may be re-entered (`silk.reentrant`). */
  readonly reentrant: ReadonlySet<number>;
  /** Exported functions without parameters: the possible entry points. */
  readonly entryPoints: ReadonlySet<string>;
}

export function codeHash(code: Uint8Array): string {
  return toHex(sha256(code));
}

export function entryPointsOf(m: WasmModule): Set<string> {
  const out = new Set<string>();
  for (const e of m.exports) {
    if (e.kind !== "func") continue;
    const t = funcTypeOf(m, e.index);
    if (t !== undefined && t.params.length === 0) out.add(e.name);
  }
  return out;
}

export class CodeCache {
  private readonly entries = new Map<string, LoadedCode>();

  constructor(private readonly engine: Engine, private readonly limit = 128) {}

  /** Prepare code already checked by `deploy` (decode + validate + section rules). */
  add(code: Uint8Array, module: WasmModule, reentrant: ReadonlySet<number>, hash = codeHash(code)): LoadedCode {
    const hit = this.entries.get(hash);
    if (hit) return hit;
    const loaded: LoadedCode = {
      codeHash: hash, module, prepared: this.engine.prepare(module, code), reentrant, entryPoints: entryPointsOf(module),
    };
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, loaded);
    return loaded;
  }

  /**
   * Code read back from state. It was accepted at deploy, so a decode failure or a malformed
   * section here means the state was corrupted: that is a node fault and throws.
   */
  load(code: Uint8Array): LoadedCode {
    const hash = codeHash(code);
    const hit = this.entries.get(hash);
    if (hit) return hit;
    const module = decodeModule(code);
    const reentrant = reentrantSelectors(module);
    if (reentrant === null) throw new Error("stored code has a malformed silk.reentrant section");
    return this.add(code, module, reentrant, hash);
  }
}
