// Typed generation of value-producing code. Code is generated as expression trees in
// stack order: `value(t)` emits instructions whose net effect is to push one value of type
// t, so every instruction is well typed by construction (the operand stack is implicit in
// the recursion). Control constructs that need statements (blocks, loops, branches) call
// the abstract `stmts`, implemented by the statement generator (body.ts).

import { I32, I64, type FuncType, type Instr, type LocalDecl, type ValType } from "../../vm/wasm/module.js";
import { Op, opInfo, opcode } from "../../vm/wasm/opcodes.js";
import type { Choices } from "./choices.js";
import { blockType, DEPTH_LIMIT, equalTypes, KEY_AT, randTypes, randValType, type ModuleCtx, type Palette } from "./ctx.js";

const ops = (names: string[]): number[] => names.map(opcode);

const I32_UNARY = ops(["i32.eqz", "i32.clz", "i32.ctz", "i32.popcnt", "i32.extend8_s", "i32.extend16_s"]);
const I32_BINARY = ops([
  "i32.add", "i32.sub", "i32.mul", "i32.div_s", "i32.div_u", "i32.rem_s", "i32.rem_u", "i32.and", "i32.or",
  "i32.xor", "i32.shl", "i32.shr_s", "i32.shr_u", "i32.rotl", "i32.rotr",
  "i32.eq", "i32.ne", "i32.lt_s", "i32.lt_u", "i32.gt_s", "i32.gt_u", "i32.le_s", "i32.le_u", "i32.ge_s", "i32.ge_u",
]);
const I32_COMPARE = ops(["i32.eq", "i32.ne", "i32.lt_s", "i32.lt_u", "i32.gt_s", "i32.gt_u", "i32.le_s", "i32.le_u", "i32.ge_s", "i32.ge_u"]);
const I64_UNARY = ops(["i64.clz", "i64.ctz", "i64.popcnt", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s"]);
const I64_BINARY = ops([
  "i64.add", "i64.sub", "i64.mul", "i64.div_s", "i64.div_u", "i64.rem_s", "i64.rem_u", "i64.and", "i64.or",
  "i64.xor", "i64.shl", "i64.shr_s", "i64.shr_u", "i64.rotl", "i64.rotr",
]);
const I64_COMPARE = ops(["i64.eq", "i64.ne", "i64.lt_s", "i64.lt_u", "i64.gt_s", "i64.gt_u", "i64.le_s", "i64.le_u", "i64.ge_s", "i64.ge_u"]);
export const I32_LOADS = ops(["i32.load", "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u"]);
export const I64_LOADS = ops(["i64.load", "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_s", "i64.load32_u"]);
export const I32_STORES = ops(["i32.store", "i32.store8", "i32.store16"]);
export const I64_STORES = ops(["i64.store", "i64.store8", "i64.store16", "i64.store32"]);
const OP = {
  wrap: opcode("i32.wrap_i64"), extendS: opcode("i64.extend_i32_s"), extendU: opcode("i64.extend_i32_u"),
  i64eqz: opcode("i64.eqz"), i32or: opcode("i32.or"), i64or: opcode("i64.or"), i32and: opcode("i32.and"), i32ltu: opcode("i32.lt_u"), i32eqz: opcode("i32.eqz"),
};

const DIVISIONS = new Set(ops(["i32.div_s", "i32.div_u", "i32.rem_s", "i32.rem_u", "i64.div_s", "i64.div_u", "i64.rem_s", "i64.rem_u"]));

const I32_EDGES = [0, 1, -1, 2, 3, 7, 8, 31, 32, 33, 63, 64, 255, 256, 0xffff, 0x10000, 0x7fffffff, -0x80000000];
const I64_EDGES = [0n, 1n, -1n, 2n, 31n, 32n, 63n, 64n, 65n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, -0x8000000000000000n];

/** A few operators of each family, so that a module executes each of its operators many times. */
export function choosePalette(c: Choices): Palette {
  const some = (xs: readonly number[], max: number): number[] => {
    const out = new Set<number>([c.pick(xs)]);
    for (let i = c.int(max); i > 0; i--) out.add(c.pick(xs));
    return [...out];
  };
  return {
    i32Unary: some(I32_UNARY, 3), i32Binary: some(I32_BINARY, 7), i64Unary: some(I64_UNARY, 3),
    i64Binary: some(I64_BINARY, 5), i64Compare: some(I64_COMPARE, 3),
  };
}

export abstract class ExprGen {
  readonly out: Instr[] = [];
  /** Branch types of each enclosing label, outermost first (the function's own label at 0). */
  readonly labels: ValType[][] = [];
  /** Every local: parameters first, then declared ones. */
  readonly locals: ValType[];
  /** Locals random code may read and write (parameters and general-purpose declared locals). */
  readonly general: number[] = [];
  private readonly counters: number[] = [];
  private readonly scratch = new Map<ValType, number>();
  protected readonly c: Choices;
  /** Open constructs; bounds the nesting of generated code. */
  protected nest = 0;
  protected loopLevel = 0;

  constructor(readonly mc: ModuleCtx, readonly self: number, readonly type: FuncType, public budget: number) {
    this.c = mc.c;
    this.locals = [...type.params];
    for (let i = 0; i < type.params.length; i++) this.general.push(i);
    for (const t of randTypes(this.c, 4)) this.general.push(this.addLocal(t));
    this.labels.push([...type.results]);
  }

  abstract stmts(d: number): void;

  private addLocal(t: ValType): number {
    this.locals.push(t);
    return this.locals.length - 1;
  }

  /** The loop counter of a nesting level, reserved for the bounded loops at that level. */
  protected counter(level: number): number {
    while (this.counters.length <= level) this.counters.push(this.addLocal(I32));
    return this.counters[level]!;
  }

  scratchOf(t: ValType): number {
    let i = this.scratch.get(t);
    if (i === undefined) this.scratch.set(t, (i = this.addLocal(t)));
    return i;
  }

  localDecls(): LocalDecl[] {
    const out: LocalDecl[] = [];
    for (const t of this.locals.slice(this.type.params.length)) {
      const last = out[out.length - 1];
      if (last && last.type === t) last.count++;
      else out.push({ count: 1, type: t });
    }
    return out;
  }

  emit(op: number, a?: number, b?: number): void {
    const ins: Instr = { op };
    if (a !== undefined) ins.a = a;
    if (b !== undefined) ins.b = b;
    this.out.push(ins);
    this.budget--;
  }

  i32c(v: number): void {
    this.emit(Op.i32_const, v | 0);
  }

  i64c(v: bigint): void {
    this.out.push({ op: Op.i64_const, i64: BigInt.asIntN(64, v) });
    this.budget--;
  }

  dropAll(types: readonly ValType[]): void {
    for (let i = 0; i < types.length; i++) this.emit(Op.drop);
  }

  /** Open a structured instruction whose label carries `labelTypes`. */
  open(op: number, params: readonly ValType[], results: readonly ValType[], labelTypes: readonly ValType[]): void {
    this.emit(op, blockType(this.mc, params, results));
    this.labels.push([...labelTypes]);
    this.nest++;
  }

  close(): void {
    this.emit(Op.end);
    this.labels.pop();
    this.nest--;
  }

  const(t: ValType): void {
    const c = this.c;
    if (t === I32) {
      this.i32c(c.weighted<number>([[3, () => c.int(16)], [3, () => c.pick(I32_EDGES)], [2, () => c.i32()]]));
    } else {
      this.i64c(c.weighted<bigint>([[3, () => BigInt(c.int(16))], [3, () => c.pick(I64_EDGES)], [2, () => c.i64()]]));
    }
  }

  leaf(t: ValType): void {
    const c = this.c;
    const locals = this.general.filter((i) => this.locals[i] === t);
    const globals = this.mc.globals.map((g, i) => (g.type === t ? i : -1)).filter((i) => i >= 0);
    c.weighted([
      [3, () => this.const(t)],
      [locals.length > 0 ? 3 : 0, () => this.emit(Op.local_get, c.pick(locals))],
      [globals.length > 0 ? 1 : 0, () => this.emit(Op.global_get, c.pick(globals))],
    ]);
  }

  values(types: readonly ValType[], d: number): void {
    for (const t of types) this.value(t, d);
  }

  /** Push one value of type t; `d` bounds the expression depth. */
  value(t: ValType, d: number): void {
    if (d <= 0 || this.budget <= 0) return this.leaf(t);
    const c = this.c;
    const n = d - 1;
    const deep = this.nest < 12 ? 1 : 0;
    const same = this.general.filter((i) => this.locals[i] === t);
    const valueLabels = this.labels.map((l, k) => (l.length === 1 && l[0] === t ? k : -1)).filter((k) => k >= 0);
    const is32 = t === I32;
    c.weighted([
      [5, () => this.leaf(t)],
      [4, () => { this.value(t, n); this.emit(c.pick(is32 ? this.mc.palette.i32Unary : this.mc.palette.i64Unary)); }],
      [10, () => this.binary(t, n)],
      [is32 ? 3 : 0, () => { this.value(I64, n); this.value(I64, n); this.emit(c.pick(this.mc.palette.i64Compare)); }],
      [is32 ? 1 : 0, () => { this.value(I64, n); this.emit(c.chance(50) ? OP.wrap : OP.i64eqz); }],
      [is32 ? 0 : 2, () => { this.value(I32, n); this.emit(c.chance(50) ? OP.extendS : OP.extendU); }],
      [4, () => this.load(t, n)],
      [same.length > 0 ? 2 : 0, () => { this.value(t, n); this.emit(Op.local_tee, c.pick(same)); }],
      [is32 ? 1 : 0, () => this.emit(Op.memory_size, 0)],
      [is32 ? 1 : 0, () => { this.growDelta(n); this.emit(Op.memory_grow, 0); }],
      [3, () => this.callValue(t, n)],
      [this.canCallIndirect() ? 2 : 0, () => this.extract(this.callIndirect(n), t)],
      [this.mc.opts.hostCalls ? 2 : 0, () => this.hostValue(t, n)],
      [2, () => { this.value(t, n); this.value(t, n); this.value(I32, n); this.emit(Op.select); }],
      [2 * deep, () => { this.open(Op.block, [], [t], [t]); this.stmts(n); this.value(t, n); this.close(); }],
      [2 * deep, () => this.ifValue(t, n)],
      [1 * deep, () => this.blockWithParams(t, n)],
      [1 * deep, () => this.loopValue(t, n)],
      [valueLabels.length > 0 ? 1 : 0, () => {
        // br_if to a label of type [t] leaves the value on the stack when not taken.
        const k = c.pick(valueLabels);
        this.value(t, n); this.cond(n);
        this.emit(Op.br_if, this.labels.length - 1 - k);
      }],
      [this.c.int(4) === 0 ? 1 : 0, () => { this.branchOut(n); this.leaf(t); }],
    ]);
  }

  protected abstract loopValue(t: ValType, d: number): void;
  protected abstract branchOut(d: number): void;

  private ifValue(t: ValType, d: number): void {
    this.value(I32, d);
    this.open(Op.if, [], [t], [t]);
    this.stmts(d); this.value(t, d);
    this.emit(Op.else);
    this.stmts(d); this.value(t, d);
    this.close();
  }

  /** block (params P → [t]) with P computed outside and consumed inside. */
  private blockWithParams(t: ValType, d: number): void {
    const ps = [randValType(this.c), ...randTypes(this.c, 1)];
    this.values(ps, d);
    this.open(Op.block, ps, [t], [t]);
    this.fold(ps, t, d);
    this.stmts(d);
    this.close();
  }

  /** A binary operator; below the module's hazard level, a divisor is made odd (never 0). */
  private binary(t: ValType, d: number): void {
    const c = this.c;
    const op = c.pick(t === I32 ? this.mc.palette.i32Binary : this.mc.palette.i64Binary);
    this.value(t, d);
    this.value(t, d);
    if (DIVISIONS.has(op) && c.int(8) >= this.mc.hazard) {
      if (t === I32) { this.i32c(1); this.emit(OP.i32or); }
      else { this.i64c(1n); this.emit(OP.i64or); }
    }
    this.emit(op);
  }

  /** A branch condition: taken about half of the time, not almost always as a random i32 would be. */
  cond(d: number): void {
    const c = this.c;
    c.weighted([
      [3, () => this.i32c(0)],
      [1, () => this.i32c(1)],
      [4, () => { const t = randValType(c); this.value(t, d); this.value(t, d); this.emit(c.pick(t === I32 ? I32_COMPARE : I64_COMPARE)); }],
      [2, () => this.value(I32, d)],
    ]);
  }

  /** Turn the top value of type `from` into one of type `to`. */
  convert(from: ValType, to: ValType): void {
    const c = this.c;
    if (from === I32 && to === I64) this.emit(c.chance(50) ? OP.extendS : OP.extendU);
    else if (from === I64 && to === I32) this.emit(c.chance(70) ? OP.wrap : OP.i64eqz);
    else if (c.chance(20)) this.emit(c.pick(from === I32 ? I32_UNARY : I64_UNARY));
  }

  /** Reduce the top |types| values (in stack order) to one value of type `into`. */
  fold(types: readonly ValType[], into: ValType, d: number): void {
    if (types.length === 0) return this.value(into, d);
    let cur = types[types.length - 1]!;
    for (let i = types.length - 2; i >= 0; i--) {
      const below = types[i]!;
      this.convert(cur, below);
      const pal = below === I32 ? this.mc.palette.i32Binary : this.mc.palette.i64Binary;
      const safe = pal.filter((op) => !DIVISIONS.has(op) || this.mc.hazard > 0);
      this.emit(safe.length > 0 ? this.c.pick(safe) : below === I32 ? OP.i32or : OP.i64or);
      cur = below;
    }
    this.convert(cur, into);
  }

  /** Consume the top |types| values: fold them and drop the result or keep it in a local or global. */
  absorb(types: readonly ValType[], d: number): void {
    if (types.length === 0) return;
    const t = this.c.chance(50) ? I32 : I64;
    this.fold(types, t, d);
    this.sink(t);
  }

  /** Consume one value of type t. */
  sink(t: ValType): void {
    const c = this.c;
    const locals = this.general.filter((i) => this.locals[i] === t);
    const globals = this.writableGlobals(t);
    c.weighted([
      [2, () => this.emit(Op.drop)],
      [locals.length > 0 ? 3 : 0, () => this.emit(Op.local_set, c.pick(locals))],
      [globals.length > 0 ? 1 : 0, () => this.emit(Op.global_set, c.pick(globals))],
      [3, () => {
        // Into memory, where the entry's ending makes it observable.
        const s = this.scratchOf(t);
        this.emit(Op.local_set, s);
        this.i32c(c.int(4096 - 8));
        this.emit(Op.local_get, s);
        this.emit(t === I32 ? I32_STORES[0]! : I64_STORES[0]!, 0, 0);
      }],
    ]);
  }

  writableGlobals(t: ValType): number[] {
    return this.mc.globals.map((g, i) => (g.type === t && g.mutable && i !== this.mc.depthGlobal ? i : -1)).filter((i) => i >= 0);
  }

  /** Leave only results[k] of the values `results` on the stack, for a k with results[k] = t. */
  extract(results: readonly ValType[], t: ValType): void {
    const ks = results.map((r, k) => (r === t ? k : -1)).filter((k) => k >= 0);
    if (ks.length === 0) {
      this.absorb(results, 0);
      return this.leaf(t);
    }
    const k = this.c.pick(ks);
    for (let i = results.length - 1; i > k; i--) this.emit(Op.drop);
    if (k === 0) return;
    const s = this.scratchOf(t);
    this.emit(Op.local_set, s);
    for (let i = 0; i < k; i++) this.emit(Op.drop);
    this.emit(Op.local_get, s);
  }

  /** An address: mostly small and in bounds, sometimes near the end or arbitrary. */
  addr(d: number): void {
    const c = this.c;
    c.weighted([
      [30, () => this.i32c(c.int(4096))],
      [10, () => { this.value(I32, d); this.i32c(0xfff); this.emit(OP.i32and); }],
      [this.mc.hazard, () => this.i32c(this.mc.memPages * 65536 - c.int(16))],
      [this.mc.hazard, () => this.value(I32, d)],
    ]);
  }

  /** A byte count: mostly small, sometimes large or arbitrary. */
  len(max: number, d: number): void {
    const c = this.c;
    c.weighted([
      [40, () => this.i32c(c.int(max + 1))],
      [this.mc.hazard, () => this.i32c(c.pick([65536, 0x7fffffff, -1, this.mc.memPages * 65536]))],
      [this.mc.hazard, () => this.value(I32, d)],
    ]);
  }

  memarg(op: number): [number, number] {
    const c = this.c;
    const offset = c.weighted<number>([
      [26, () => 0], [14, () => c.int(64)],
      [this.mc.hazard, () => c.pick([65535, this.mc.memPages * 65536 - 4, 0xffffffff, c.i32() >>> 0])],
    ]);
    return [offset, c.int(opInfo(op)!.natAlign! + 1)];
  }

  load(t: ValType, d: number): void {
    const op = this.c.pick(t === I32 ? I32_LOADS : I64_LOADS);
    this.addr(d);
    const [offset, align] = this.memarg(op);
    this.emit(op, offset, align);
  }

  growDelta(d: number): void {
    const c = this.c;
    c.weighted([
      [40, () => this.i32c(c.int(3))],
      [1 + this.mc.hazard, () => this.i32c(c.pick([300, 65536, 0x7fffffff, -1]))],
      [1 + this.mc.hazard, () => this.value(I32, d)],
    ]);
  }

  /** Defined functions that may be called directly (never the entry). */
  callees(): number[] {
    const out: number[] = [];
    for (let f = this.mc.importCount; f < this.mc.funcSigs.length; f++) if (f !== this.mc.entryIndex) out.push(f);
    return out;
  }

  private callValue(t: ValType, d: number): void {
    const fs = this.callees().filter((f) => this.mc.funcSigs[f]!.results.includes(t));
    if (fs.length === 0) return this.leaf(t);
    const f = this.c.pick(fs);
    this.call(f, d);
    this.extract(this.mc.funcSigs[f]!.results, t);
  }

  /**
   * Whether a call must go through the depth guard: calls to the same or an earlier function
   * (recursion) and every call_indirect, except when unbounded recursion is allowed and chosen.
   */
  private guarded(backward: boolean): boolean {
    if (!backward) return false;
    return !(this.mc.unbounded && this.c.chance(50));
  }

  /**
   * `body` runs under the guard: if the depth global is below DEPTH_LIMIT it is incremented
   * around the body; otherwise constants of `results` stand in for the body's results.
   */
  private underGuard(results: readonly ValType[], body: () => void): void {
    const g = this.mc.depthGlobal;
    this.emit(Op.global_get, g); this.i32c(DEPTH_LIMIT); this.emit(OP.i32ltu);
    this.open(Op.if, [], results, results);
    this.emit(Op.global_get, g); this.i32c(1); this.emit(Op.i32_add); this.emit(Op.global_set, g);
    body();
    this.emit(Op.global_get, g); this.i32c(1); this.emit(Op.i32_sub); this.emit(Op.global_set, g);
    this.emit(Op.else);
    for (const r of results) this.const(r);
    this.close();
  }

  /** Call function f, leaving its results on the stack. */
  call(f: number, d: number): void {
    const sig = this.mc.funcSigs[f]!;
    const direct = () => { this.values(sig.params, d); this.emit(Op.call, f); };
    if (this.guarded(f <= this.self)) this.underGuard(sig.results, direct);
    else direct();
  }

  /** Without hazards, only when some slot holds a function (else every call traps). */
  canCallIndirect(): boolean {
    return this.mc.tableSize > 0 && (this.mc.hazard > 0 || this.mc.tableSlots.some((t) => t !== null));
  }

  /**
   * A call_indirect, leaving the results of its type on the stack; returns them. Mostly a
   * slot that holds a function, called through its type or a structurally equal duplicate;
   * sometimes another type or index (null entry, mismatch, out of bounds).
   */
  callIndirect(d: number): ValType[] {
    const c = this.c;
    const mc = this.mc;
    const filled = mc.tableSlots.map((t, i) => (t === null ? -1 : i)).filter((i) => i >= 0);
    let ti: number;
    let index: () => void;
    if (filled.length > 0 && c.chance(100 - 5 * mc.hazard)) {
      const k = c.pick(filled);
      ti = c.pick(equalTypes(mc, mc.tableSlots[k]!));
      index = () => this.i32c(k);
    } else {
      ti = mc.tableTypes.length > 0 && c.chance(60) ? c.pick(mc.tableTypes) : c.int(mc.types.length);
      index = () => c.weighted([
        [12, () => this.i32c(c.int(mc.tableSize))],
        [mc.hazard, () => this.i32c(mc.tableSize + c.int(2))],
        [mc.hazard, () => this.i32c(-1)],
        [mc.hazard, () => this.value(I32, d)],
      ]);
    }
    const sig = mc.types[ti]!;
    const indirect = () => {
      this.values(sig.params, d);
      index();
      this.emit(Op.call_indirect, ti, 0);
    };
    if (this.guarded(true)) this.underGuard(sig.results, indirect);
    else indirect();
    return [...sig.results];
  }

  /** A host function result of type t. */
  private hostValue(t: ValType, d: number): void {
    const c = this.c;
    const h = (name: string) => this.mc.host.get(name)!;
    if (t === I32) {
      c.weighted([
        [1, () => this.emit(Op.call, h("input_size"))],
        [2, () => {
          this.key(d); this.addr(d); this.len(40, d);
          this.emit(Op.call, h("storage_get"));
        }],
      ]);
    } else {
      c.weighted([
        [1, () => this.emit(Op.call, h("block_height"))],
        [1, () => this.emit(Op.call, h("chain_id"))],
        [this.mc.opts.gasLeft ? 2 : 0, () => this.emit(Op.call, h("gas_left"))],
      ]);
    }
  }

  /** A storage key (pointer, length): short keys in a small window, so keys often repeat. */
  key(d: number): void {
    const c = this.c;
    c.weighted([
      [8, () => { this.i32c(KEY_AT + c.int(4)); this.i32c(c.int(5)); }],
      [1, () => { this.addr(d); this.len(40, d); }],
    ]);
  }
}
