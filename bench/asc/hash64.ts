// @ts-nocheck — AssemblyScript (compiled by `asc`, not by tsc): kernel `hash64` of bench/kernels.ts.
// u64 arithmetic wraps in AssemblyScript (no overflow checks).
export function run(n: u32): u64 {
  let x: u64 = 0x243F6A8885A308D3;
  while (n != 0) {
    x += 0x9E3779B97F4A7C15;
    let z = x;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
    x ^= rotl<u64>(z, 17);
    n--;
  }
  return x;
}
