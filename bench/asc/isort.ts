// @ts-nocheck — AssemblyScript (compiled by `asc`, not by tsc): kernel `isort` of bench/kernels.ts
// (insertion sort of n u32s filled by a linear congruential sequence; returns the median).
export function run(n: u32): u32 {
  const a = heap.alloc(<usize>n << 2);
  let seed: u32 = 12345;
  for (let i: u32 = 0; i < n; i++) {
    seed = seed * 1103515245 + 12345;
    store<u32>(a + (<usize>i << 2), seed >> 8);
  }
  for (let i: u32 = 1; i < n; i++) {
    const key = load<u32>(a + (<usize>i << 2));
    let j = i;
    while (j != 0) {
      const prev = load<u32>(a + (<usize>(j - 1) << 2));
      if (prev <= key) break;
      store<u32>(a + (<usize>j << 2), prev);
      j--;
    }
    store<u32>(a + (<usize>j << 2), key);
  }
  const median = load<u32>(a + (<usize>(n >> 1) << 2));
  heap.free(a);
  return median;
}
