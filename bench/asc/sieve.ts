// @ts-nocheck — AssemblyScript (compiled by `asc`, not by tsc): kernel `sieve` of bench/kernels.ts
// (16 sieves of n bytes; raw byte loads/stores into one buffer, as the WAT kernel does).
let buf: usize = 0;
let cap: u32 = 0;

function sieve(n: u32): u32 {
  if (n > cap) {
    buf = heap.alloc(n);
    cap = n;
  }
  memory.fill(buf, 0, n);
  let count: u32 = 0;
  for (let i: u32 = 2; i < n; i++) {
    if (load<u8>(buf + i) == 0) {
      count++;
      for (let j: u32 = i * i; j < n; j += i) store<u8>(buf + j, 1);
    }
  }
  return count;
}

export function run(n: u32): u32 {
  let sum: u32 = 0;
  for (let k = 0; k < 16; k++) sum += sieve(n);
  return sum;
}
