// Linear memory of the reference interpreter (spec §4.2.8 memory instances, §4.4.7 memory
// instructions). A memory is a Uint8Array of whole 64 KiB pages with a DataView on it for
// little-endian multi-byte access. Growing allocates a bigger buffer and copies (no
// resizable ArrayBuffer), so the cached `bytes`/`view` change identity on a successful grow.

import { Trap } from "../types.js";

export const PAGE_SIZE = 65536;

export class LinearMemory {
  bytes: Uint8Array;
  view: DataView;

  /**
   * @param pages initial size in pages
   * @param maxPages the effective maximum: min(declared max, schedule.maxPages)
   */
  constructor(pages: number, readonly maxPages: number) {
    this.bytes = new Uint8Array(pages * PAGE_SIZE);
    this.view = new DataView(this.bytes.buffer);
  }

  get pages(): number {
    return this.bytes.length / PAGE_SIZE;
  }

  /** memory.grow (spec §4.4.7): old size in pages, or -1 when beyond the maximum. */
  grow(delta: number): number {
    const old = this.pages;
    if (delta === 0) return old;
    if (old + delta > this.maxPages) return -1;
    const next = new Uint8Array((old + delta) * PAGE_SIZE); // zero-filled, as the spec requires
    next.set(this.bytes);
    this.bytes = next;
    this.view = new DataView(next.buffer);
    return old;
  }

  /**
   * Bounds check of [addr, addr + len) with addr and len already non-negative numbers
   * (up to 2^33, exact in a double): traps memory_oob when it does not fit.
   */
  check(addr: number, len: number): void {
    if (addr + len > this.bytes.length) throw new Trap("memory_oob");
  }

  /** memory.fill (spec §4.4.7.x): bounds checked before any write; n = 0 past the end traps. */
  fill(d: number, val: number, n: number): void {
    this.check(d, n);
    this.bytes.fill(val & 0xff, d, d + n);
  }

  /** memory.copy: both ranges checked first; copyWithin has memmove semantics on overlap. */
  copy(d: number, s: number, n: number): void {
    this.check(s, n);
    this.check(d, n);
    this.bytes.copyWithin(d, s, s + n);
  }

  /** memory.init from a data segment (a dropped segment has length 0). */
  init(seg: Uint8Array, d: number, s: number, n: number): void {
    if (s + n > seg.length) throw new Trap("memory_oob");
    this.check(d, n);
    this.bytes.set(seg.subarray(s, s + n), d);
  }
}

/** A stand-in for the memory of a module that declares none: every access is out of bounds. */
export function noMemory(): LinearMemory {
  return new LinearMemory(0, 0);
}
