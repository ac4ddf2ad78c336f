// Contract addresses: sha256("silk/contract/v1" ‖ deployer (32 bytes) ‖ salt). Without an
// explicit salt the VM uses the deployer's account nonce (8 bytes, little-endian), like
// EVM CREATE; with one (e.g. the node's tx nonce, or a user salt), the address is
// predictable before deployment, like CREATE2.

import { sha256 } from "@noble/hashes/sha2.js";
import type { Address } from "../state/store.js";

const DOMAIN = new TextEncoder().encode("silk/contract/v1");

export function contractAddress(deployer: Address, salt: Uint8Array): Address {
  const buf = new Uint8Array(DOMAIN.length + deployer.length + salt.length);
  buf.set(DOMAIN, 0);
  buf.set(deployer, DOMAIN.length);
  buf.set(salt, DOMAIN.length + deployer.length);
  return sha256(buf);
}

export function nonceSalt(nonce: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, nonce), true);
  return out;
}
