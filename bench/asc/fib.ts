// @ts-nocheck — AssemblyScript (compiled by `asc`, not by tsc): kernel `fib` of bench/kernels.ts.
function fib(n: u32): u32 {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

export function run(n: u32): u32 {
  return fib(n);
}
