// Metering overhead: time(instrumented on V8) / time(original on V8) for four kernels.
// Runs both variants interleaved (the machine is shared and noisy) and reports medians.
// The kernels are bench/kernels.ts's, the same as `npm run bench` measures.
// Usage: npx tsc -p . && node dist/bench/meter-overhead.js [rounds]

import wabtInit from "wabt";
import { decodeModule } from "../vm/decode/decode.js";
import { encodeModule } from "../vm/encode/encode.js";
import { instrument as instrumentNew } from "../vm/meter/instrument.js";
import { planModule } from "../vm/meter/plan.js";
import { SCHEDULE_V1 } from "../vm/meter/schedule.js";
import { KERNELS } from "./kernels.js";
import { geomean, median } from "./stats.js";

interface WA {
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, i: object) => { exports: Record<string, any> };
}
const W = (globalThis as unknown as { WebAssembly: WA }).WebAssembly;

const wabt = await wabtInit();
const features = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };
// METER_INSTRUMENT=/abs/path.js compares against another build of the instrumenter (e.g. the previous one)
const alt = process.env.METER_INSTRUMENT;
const instrument: typeof instrumentNew = alt ? (await import(alt)).instrument : instrumentNew;
const LIMIT = 1n << 60n;

function time(ex: Record<string, any>, name: string, arg: number, metered: boolean): [number, unknown] {
  if (metered) { ex.__silk_gas.value = LIMIT; ex.__silk_stack.value = 0; ex.__silk_trap.value = 0; }
  const t0 = process.hrtime.bigint();
  const r = ex[name](arg);
  return [Number(process.hrtime.bigint() - t0) / 1e6, r];
}

const rounds = Number(process.argv[2] ?? 15);
const ratios: number[] = [];
for (const k of KERNELS.filter((k) => !process.env.METER_ONLY || process.env.METER_ONLY.split(",").includes(k.name))) {
  const orig = new Uint8Array(wabt.parseWat(`${k.name}.wat`, k.wat, features).toBinary({}).buffer);
  const m = decodeModule(orig);
  const a = new W.Instance(new W.Module(orig), {}).exports;
  const b = new W.Instance(new W.Module(encodeModule(instrument(m, planModule(m, SCHEDULE_V1)))), {}).exports;
  for (let w = 0; w < 10; w++) { time(a, "run", k.n, false); time(b, "run", k.n, true); } // warm up / tier up
  const ta: number[] = [], tb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const [x, ra] = time(a, "run", k.n, false);
    const [y, rb] = time(b, "run", k.n, true);
    if (ra !== rb) throw new Error(`${k.name}: results differ ${ra} vs ${rb}`);
    ta.push(x); tb.push(y);
  }
  const r = median(tb) / median(ta);
  ratios.push(r);
  console.log(`${k.name.padEnd(6)} original ${median(ta).toFixed(2)} ms  instrumented ${median(tb).toFixed(2)} ms  ×${r.toFixed(2)}  gas ${LIMIT - (b.__silk_gas.value as bigint)}`);
}
console.log(`geomean ×${geomean(ratios).toFixed(2)}`);
