// A cursor over module bytes with the LEB128 readers of spec §5.2.2. Every failure is a
// DecodeError carrying the byte offset; nothing else is ever thrown for malformed input.

import { DecodeError } from "../errors.js";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export class Reader {
  pos: number;
  constructor(readonly bytes: Uint8Array, start = 0, public end = bytes.length) {
    this.pos = start;
  }

  fail(message: string, at = this.pos, rule?: string): never {
    throw new DecodeError(at, message, rule);
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail("unexpected end");
    return this.bytes[this.pos++];
  }

  take(n: number): Uint8Array {
    if (n > this.end - this.pos) this.fail("unexpected end of section or function");
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Unsigned LEB128 of at most `bits` bits (§5.2.2: at most ceil(bits/7) bytes, unused bits zero). */
  u32(): number {
    let result = 0;
    let shift = 0;
    const start = this.pos;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 4 && (b & 0x70) !== 0) this.fail("integer too large", start);
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) return result;
    }
    this.fail("integer representation too long", start);
  }

  /** Signed LEB128 of N bits (N ≤ 33) as a JS number. */
  sN(bits: 32 | 33): number {
    const v = this.sBig(bits);
    return Number(v);
  }

  /** Signed LEB128 of N bits as a bigint (used for i64 and, via sN, for s32/s33). */
  sBig(bits: number): bigint {
    const maxBytes = Math.ceil(bits / 7);
    const start = this.pos;
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < maxBytes; i++) {
      const b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (i === maxBytes - 1) {
          // The unused high bits of the last byte must all equal the sign bit (§5.2.2).
          const used = bits - 7 * (maxBytes - 1); // bits carried by the last byte, incl. sign
          const rest = b & 0x7f;
          const signAndUnused = rest >> (used - 1);
          const allOnes = (1 << (8 - used)) - 1;
          if (signAndUnused !== 0 && signAndUnused !== allOnes) this.fail("integer too large", start);
        }
        if (b & 0x40) result -= 1n << shift;
        return result;
      }
    }
    this.fail("integer representation too long", start);
  }

  name(): string {
    const len = this.u32();
    const at = this.pos;
    const raw = this.take(len);
    try {
      return utf8.decode(raw);
    } catch {
      this.fail("malformed UTF-8 encoding", at);
    }
  }

  /** A vector length, checked against what could possibly remain so we never pre-allocate huge arrays. */
  count(minItemBytes = 1): number {
    const at = this.pos;
    const n = this.u32();
    if (n * minItemBytes > this.end - this.pos) this.fail("length out of bounds", at);
    return n;
  }

  f32bits(): number {
    const b = this.take(4);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  f64bits(): bigint {
    const b = this.take(8);
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    return v;
  }
}
