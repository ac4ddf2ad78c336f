// The reference interpreter as an `Engine` (vm/engine/types.ts). It runs the ORIGINAL
// module and charges gas by the metering plan (vm/meter/plan.ts) that the instrumenter
// also follows, so it agrees with the `v8` engine exactly; it is the oracle the
// conformance suites compare against.

import type { WasmModule } from "../../wasm/module.js";
import { planModule } from "../../meter/plan.js";
import { SCHEDULE_V1 } from "../../meter/schedule.js";
import type { CostSchedule } from "../../meter/types.js";
import type { Engine, ImportResolver, Instance, InstantiateOptions, PreparedModule } from "../types.js";
import { compileModule, InterpPrepared } from "./compile.js";
import { InterpInstance } from "./instance.js";

export class InterpEngine implements Engine {
  readonly name = "interp" as const;

  constructor(readonly schedule: CostSchedule = SCHEDULE_V1) {}

  /** Plan the metering and precompile every body; `bytes` is not needed (nothing is compiled natively). */
  prepare(module: WasmModule, _bytes: Uint8Array): InterpPrepared {
    return compileModule(module, planModule(module, this.schedule));
  }

  instantiate(prepared: PreparedModule, imports: ImportResolver, opts: InstantiateOptions): Instance {
    if (!(prepared instanceof InterpPrepared)) throw new Error("interp: module was prepared by another engine");
    if (prepared.meter.schedule !== this.schedule) throw new Error("interp: module was prepared under another schedule");
    return new InterpInstance(prepared, imports, opts);
  }
}
