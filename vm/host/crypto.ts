// Hash and signature host functions. The signature rule is pinned here once for everything
// consensus-critical (DESIGN §6 "One pinned signature rule"): see `verifyEd25519Strict`.

import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { blake3 } from "@noble/hashes/blake3.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { WORD } from "../../stdlib/host/table.js";
import { u32 } from "./codec.js";
import type { HostImpl } from "./impl.js";

/**
 * Ed25519 verification, strict RFC 8032 (§5.1.7): the public key and R must be canonical
 * encodings (y < p, no "negative zero"), S must be < L, the public key must not be of small
 * order, and the cofactored equation [8][S]B = [8]R + [8][k]A is checked. This is exactly
 * @noble/curves 2 `ed25519.verify(sig, msg, pub, { zip215: false })`; any other length of
 * key (≠ 32) or signature (≠ 64) is invalid, never an exception.
 */
export function verifyEd25519Strict(publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (publicKey.length !== 32 || sig.length !== 64) return false;
  try {
    return ed25519.verify(sig, msg, publicKey, { zip215: false });
  } catch {
    // noble throws only on malformed argument types/lengths, excluded above; stay total anyway.
    return false;
  }
}

function hashImpl(h: (b: Uint8Array) => Uint8Array): HostImpl {
  return (_f, inst, [ptr, len, dst]) => {
    inst.write(u32(dst), h(inst.read(u32(ptr), u32(len))));
    return undefined;
  };
}

export const CRYPTO_IMPLS: Readonly<Record<string, HostImpl>> = {
  sha256: hashImpl(sha256),
  keccak256: hashImpl(keccak_256),
  blake3: hashImpl((b) => blake3(b)),
  ed25519_verify: (_f, inst, [pk, mp, ml, sp]) => {
    const pub = inst.read(u32(pk), WORD);
    const msg = inst.read(u32(mp), u32(ml));
    const sig = inst.read(u32(sp), 2 * WORD);
    return verifyEd25519Strict(pub, msg, sig) ? 1 : 0;
  },
};
