// Property (b), instrumentation preserves semantics: the same module runs (1) instrumented,
// through the v8 engine's Engine interface, and (2) as the ORIGINAL bytes on a plain
// `new WebAssembly.Instance`, both against the same deterministic host stubs. Everything
// but gas is compared: the outcome (ok / halt / trap code), the host calls made with their
// arguments and the bytes they read, the final memory and every global.

import { createHash } from "node:crypto";
import { encodeModule } from "../../vm/encode/encode.js";
import { Trap, type Engine, type Instance, type Value } from "../../vm/engine/types.js";
import { trapCodeOfMessage, VmFault } from "../../vm/engine/v8/traps.js";
import type { WasmModule } from "../../vm/wasm/module.js";
import { hex } from "../gen/arbitrary.js";

/** What host functions may touch: the instance's memory. Throws Trap("memory_oob") out of bounds. */
export interface MemoryAccess {
  read(ptr: number, len: number): Uint8Array;
  write(ptr: number, bytes: Uint8Array): void;
}

/** Ends the run, like the VM's Halt for `return` / `revert`. */
export class StubHalt {
  constructor(readonly kind: "return" | "revert", readonly data: Uint8Array) {}
}

const ADDRESS = new Uint8Array(32).fill(0x5a);

/**
 * Deterministic stand-ins for the "silk" functions generated code calls: storage in a map,
 * events in a list, fixed environment values (gas_left is a constant, so that the original
 * module and the instrumented one see the same value). Every call is logged.
 */
export class StubHost {
  readonly log: string[] = [];
  readonly storage = new Map<string, string>();

  constructor(readonly input: Uint8Array) {}

  call(name: string, mem: MemoryAccess, args: Value[]): Value | undefined {
    const u = (i: number) => Number(args[i]) >>> 0;
    const entry = (extra = "") => this.log.push(`${name}(${args.join(",")})${extra}`);
    switch (name) {
      case "input_size": entry(); return this.input.length;
      case "input_read": {
        entry();
        if (u(1) + u(2) > this.input.length) throw new Trap("host_error");
        mem.write(u(0), this.input.subarray(u(1), u(1) + u(2)));
        return undefined;
      }
      case "return": case "revert": {
        const data = mem.read(u(0), u(1));
        entry(hex(data));
        throw new StubHalt(name, data);
      }
      case "storage_get": {
        const key = hex(mem.read(u(0), u(1)));
        const v = this.storage.get(key);
        entry(`key=${key}`);
        if (v === undefined) return -1;
        const bytes = Buffer.from(v, "hex");
        mem.write(u(2), bytes.subarray(0, Math.min(bytes.length, u(3))));
        return bytes.length;
      }
      case "storage_set": {
        const key = hex(mem.read(u(0), u(1)));
        const value = hex(mem.read(u(2), u(3)));
        entry(`${key}=${value}`);
        this.storage.set(key, value);
        return undefined;
      }
      case "storage_remove": {
        const key = hex(mem.read(u(0), u(1)));
        entry(key);
        this.storage.delete(key);
        return undefined;
      }
      case "caller": case "self_address": entry(); mem.write(u(0), ADDRESS); return undefined;
      case "block_height": entry(); return 7n;
      case "chain_id": entry(); return 42n;
      case "gas_left": entry(); return 1_000_000n;
      case "emit": {
        if (u(1) > 4) { entry(); throw new Trap("host_error"); }
        const topics = mem.read(u(0), u(1) * 32);
        const data = mem.read(u(2), u(3));
        entry(`${hex(topics)}/${hex(data)}`);
        return undefined;
      }
      case "debug": entry(hex(mem.read(u(0), u(1)))); return undefined;
      default: throw new Error(`stub host: no function ${name}`);
    }
  }
}

export interface PlainOutcome {
  /** "ok", "return:<hex>", "revert:<hex>", "trap:<code>", or "skip:<why>" when not comparable. */
  outcome: string;
  log: string[];
  memory: string;
  globals: string[];
}

function outcomeOf(e: unknown): string {
  if (e instanceof StubHalt) return `${e.kind}:${hex(e.data)}`;
  if (e instanceof Trap) return `trap:${e.code}`;
  if (e instanceof WebAssembly.RuntimeError) return `trap:${trapCodeOfMessage(e.message) ?? `unknown(${e.message})`}`;
  if (e instanceof RangeError) return "skip:v8-stack";
  if (e instanceof VmFault) return `fault:${e.message}`;
  throw e;
}

function digest(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The instrumented module through the engine, with a gas limit. */
export function runInstrumented(engine: Engine, m: WasmModule, bytes: Uint8Array, input: Uint8Array, gas: bigint): PlainOutcome {
  const host = new StubHost(input);
  const prepared = engine.prepare(m, bytes);
  let inst: Instance | undefined;
  let outcome = "ok";
  try {
    inst = engine.instantiate(prepared, (mod, name) => (mod === "silk" ? (i, args) => host.call(name, i, args) : undefined), {
      gas, stackUsed: 0,
    });
    inst.runStart();
    inst.invoke("call", []);
  } catch (e) {
    outcome = outcomeOf(e);
  }
  if (inst === undefined) return { outcome, log: host.log, memory: "", globals: [] };
  // The memory's size is not part of the Instance interface: find the last readable page.
  let pages = 0;
  try { while (pages < 65536) { inst.read(pages * 65536, 1); pages++; } } catch { /* first unreadable page */ }
  const globals = m.exports.filter((e) => e.kind === "global").map((e) => String(inst!.getGlobal(e.name)));
  return { outcome, log: host.log, memory: `${pages}:${digest(inst.read(0, pages * 65536))}`, globals };
}

/**
 * The original module, uninstrumented, on plain WebAssembly. The start function is turned
 * into an export and called after instantiation (as the engines do), so that host functions
 * it calls can see the memory.
 */
export function runPlain(m: WasmModule, input: Uint8Array): PlainOutcome {
  const host = new StubHost(input);
  const plain: WasmModule = { ...m, exports: [...m.exports], start: undefined };
  if (m.start !== undefined) plain.exports.push({ name: "__start", kind: "func", index: m.start });
  let memory: WebAssembly.Memory | undefined;
  const mem: MemoryAccess = {
    read(ptr, len) {
      const buf = new Uint8Array(memory!.buffer);
      if (ptr + len > buf.length) throw new Trap("memory_oob");
      return buf.slice(ptr, ptr + len);
    },
    write(ptr, bytes) {
      const buf = new Uint8Array(memory!.buffer);
      if (ptr + bytes.length > buf.length) throw new Trap("memory_oob");
      buf.set(bytes, ptr);
    },
  };
  const silk: Record<string, (...a: Value[]) => Value | undefined> = {};
  for (const imp of m.imports) silk[imp.name] = (...args: Value[]) => host.call(imp.name, mem, args);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(encodeModule(plain)), { silk });
  const ex = instance.exports as Record<string, unknown>;
  memory = ex.memory as WebAssembly.Memory;
  let outcome = "ok";
  try {
    if (m.start !== undefined) (ex.__start as () => void)();
    (ex.call as () => void)();
  } catch (e) {
    outcome = outcomeOf(e);
  }
  const bytes = new Uint8Array(memory.buffer);
  const globals = m.exports.filter((e) => e.kind === "global").map((e) => String((ex[e.name] as WebAssembly.Global).value));
  return { outcome, log: host.log, memory: `${bytes.length / 65536}:${digest(bytes)}`, globals };
}
