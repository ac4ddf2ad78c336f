// The storage layout (docs/abi.md "Storage layout"). A field's key is
//   sha256(utf8("silk/storage/v1/" + path))[0..8],  path = namespace ‖ name joined by "::"
// (a contract's own field `owner` → "owner"; component Ownable's → "Ownable::owner"), so keys
// depend on what the author named, not on declaration order, and components never collide.
// A `Map` entry's key is the field key followed by the canonical ABI encoding of each map key
// in order (outer first). Encodings of scalar keys are fixed-width and those of bytes/string are
// length-prefixed, so the concatenation is injective. The value is stored as its canonical
// encoding; a missing key reads as the zero value.

import { sha256 } from "@noble/hashes/sha2.js";
import type { TypedContract } from "../check/ast.js";
import { prune, type Type } from "../check/types.js";

export const FIELD_KEY_BYTES = 8;

export interface StorageSlot {
  name: string;
  namespace: string[];
  /** Declaration index after composition (abi.json `slot`). */
  index: number;
  key: Uint8Array;
  type: Type;
}

export function fieldPath(namespace: string[], name: string): string {
  return [...namespace, name].join("::");
}

export function fieldKey(namespace: string[], name: string): Uint8Array {
  return sha256(new TextEncoder().encode(`silk/storage/v1/${fieldPath(namespace, name)}`)).slice(0, FIELD_KEY_BYTES);
}

export function storageLayout(c: TypedContract): StorageSlot[] {
  return c.storage.map((f, index) => ({ name: f.name, namespace: f.namespace, index, key: fieldKey(f.namespace, f.name), type: prune(f.type) }));
}
