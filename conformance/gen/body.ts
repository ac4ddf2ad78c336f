// Typed generation of statements (code with no net effect on the operand stack) and of
// whole function bodies: nested block/loop/if with block params and multi-value results,
// branches to enclosing labels, bounded and unbounded loops, calls, memory and bulk-memory
// operations, table operations and host calls.
//
// Termination: a bounded loop decrements its own counter local at its head, which every
// back edge (the loop's own and any br/br_if/br_table to its label) passes through; calls to
// the same or an earlier function and every call_indirect run under the depth guard. Only
// modules generated with `unbounded` contain loops and recursion without these, and those
// end by running out of gas or stack.

import { I32, type FuncBody, type ValType } from "../../vm/wasm/module.js";
import { Op, opcode } from "../../vm/wasm/opcodes.js";
import { MAX_LOOP_ITERATIONS, randTypes, randValType } from "./ctx.js";
import { ExprGen, I32_STORES, I64_STORES } from "./expr.js";

const I32_EQZ = opcode("i32.eqz");
const sameTypes = (a: readonly ValType[], b: readonly ValType[]) => a.length === b.length && a.every((t, i) => t === b[i]);

export class BodyGen extends ExprGen {
  /** Statements while the stream and the budget last. */
  stmts(d: number): void {
    while (this.budget > 0 && this.c.chance(d > 0 ? 85 : 40)) this.stmt(d);
  }

  /** A function's top level: a drawn number of statements, then more while the stream says so. */
  topStmts(d: number): void {
    for (let i = this.c.int(10); i > 0 && this.budget > 0; i--) this.stmt(d);
    this.stmts(d);
  }

  stmt(d: number): void {
    const c = this.c;
    const n = Math.max(d - 1, 0);
    const deep = this.nest < 10 && d > 0 ? 1 : 0;
    const mc = this.mc;
    c.weighted([
      [30, () => { const t = randValType(c); this.value(t, d); this.sink(t); }],
      [40, () => this.store(d)],
      [20, () => { const f = this.pickCallee(); if (f < 0) return; this.call(f, n); this.dropAll(mc.funcSigs[f]!.results); }],
      [this.canCallIndirect() ? 10 : 0, () => this.dropAll(this.callIndirect(n))],
      [20 * deep, () => this.blockStmt(n)],
      [20 * deep, () => this.ifStmt(n)],
      [15 * deep, () => this.boundedLoop(this.randParams(), [], n)],
      [mc.unbounded ? 4 * deep : 0, () => this.unboundedLoop([], n)],
      [12, () => this.branch(n)],
      [1, () => { this.values(this.type.results, n); this.emit(Op.return); }],
      [mc.opts.hostCalls ? 25 : 0, () => this.hostStmt(n)],
      [15, () => this.bulkStmt(n)],
      // Table changes make call_indirect's slot types stale: part of the hazards.
      [mc.tableSize > 0 ? 2 * mc.hazard : 0, () => this.tableStmt(n)],
      [mc.hazard > 0 ? 1 : 0, () => this.emit(Op.unreachable)],
      [2, () => this.emit(Op.nop)],
    ]);
  }

  private pickCallee(): number {
    const fs = this.callees();
    return fs.length === 0 ? -1 : this.c.pick(fs);
  }

  private randParams(): ValType[] {
    return this.c.chance(25) ? randTypes(this.c, 2) : [];
  }

  private store(d: number): void {
    const c = this.c;
    const t = randValType(c);
    const op = c.pick(t === I32 ? I32_STORES : I64_STORES);
    this.addr(d);
    this.value(t, d);
    const [offset, align] = this.memarg(op);
    this.emit(op, offset, align);
  }

  /** block (P → R), its params consumed inside, its results dropped after. */
  private blockStmt(d: number): void {
    const ps = this.randParams();
    const rs = this.c.chance(30) ? randTypes(this.c, 3) : [];
    this.values(ps, d);
    this.open(Op.block, ps, rs, rs);
    this.absorb(ps, d);
    this.stmts(d);
    this.values(rs, d);
    this.close();
    this.dropAll(rs);
  }

  private ifStmt(d: number): void {
    const ps = this.randParams();
    const rs = this.c.chance(30) ? randTypes(this.c, 3) : [];
    this.values(ps, d);
    this.cond(d);
    this.open(Op.if, ps, rs, rs);
    this.absorb(ps, d);
    this.stmts(d);
    this.values(rs, d);
    // An if without else must have equal params and results.
    if (ps.length > 0 || rs.length > 0 || this.c.chance(60)) {
      this.emit(Op.else);
      this.absorb(ps, d);
      this.stmts(d);
      this.values(rs, d);
    }
    this.close();
    this.dropAll(rs);
  }

  protected loopValue(t: ValType, d: number): void {
    if (this.mc.unbounded && this.c.chance(20)) this.unboundedLoop([t], d);
    else this.boundedLoop(this.randParams(), [t], d);
  }

  /**
   * counter := K; block (P → R) loop (P → R)
   *   if counter == 0 { br to the block with R }; counter -= 1;
   *   consume P; statements; P; br_if loop; consume P; R
   * end end
   */
  boundedLoop(ps: ValType[], rs: ValType[], d: number): void {
    const c = this.c;
    const cnt = this.counter(this.loopLevel);
    this.i32c(c.int(MAX_LOOP_ITERATIONS + 1));
    this.emit(Op.local_set, cnt);
    this.values(ps, d);
    this.open(Op.block, ps, rs, rs);
    this.open(Op.loop, ps, rs, ps);
    this.loopLevel++;
    this.emit(Op.local_get, cnt);
    this.emit(I32_EQZ);
    this.open(Op.if, [], [], []);
    this.values(rs, 0);
    this.emit(Op.br, 2);
    this.close();
    this.emit(Op.local_get, cnt); this.i32c(1); this.emit(Op.i32_sub); this.emit(Op.local_set, cnt);
    this.absorb(ps, d);
    this.stmts(d);
    this.values(ps, d);
    if (c.chance(70)) this.i32c(1);
    else this.value(I32, d);
    this.emit(Op.br_if, 0);
    this.absorb(ps, d);
    this.values(rs, d);
    this.loopLevel--;
    this.close();
    this.close();
  }

  /** loop (P → R) consume P; statements; P; br_if loop (mostly taken); consume P; R end. */
  unboundedLoop(rs: ValType[], d: number): void {
    const c = this.c;
    const ps = this.randParams();
    this.values(ps, d);
    this.open(Op.loop, ps, rs, ps);
    this.absorb(ps, d);
    this.stmts(d);
    this.values(ps, d);
    if (c.chance(70)) this.i32c(1);
    else this.value(I32, d);
    this.emit(Op.br_if, 0);
    this.absorb(ps, d);
    this.values(rs, d);
    this.close();
  }

  /** br / br_if / br_table to an enclosing label, with that label's values. */
  private branch(d: number): void {
    const c = this.c;
    const k = c.chance(40) ? this.labels.length - 1 : c.int(this.labels.length);
    const types = this.labels[k]!;
    const depth = this.labels.length - 1 - k;
    c.weighted([
      [4, () => { this.values(types, d); this.cond(d); this.emit(Op.br_if, depth); this.dropAll(types); }],
      [1, () => { this.values(types, d); this.emit(Op.br, depth); }],
      [2, () => {
        const same: number[] = [];
        this.labels.forEach((l, j) => { if (sameTypes(l, types)) same.push(this.labels.length - 1 - j); });
        const targets: number[] = [];
        const n = c.int(5);
        for (let i = 0; i < n; i++) targets.push(c.pick(same));
        this.values(types, d);
        if (c.chance(80)) this.i32c(c.int(n + 2));
        else this.value(I32, d);
        this.out.push({ op: Op.br_table, targets, a: depth });
        this.budget--;
      }],
    ]);
  }

  private host(name: string): void {
    const f = this.mc.host.get(name);
    if (f === undefined) throw new Error(`generator: host function ${name} not imported`);
    this.emit(Op.call, f);
  }

  private hostStmt(d: number): void {
    const c = this.c;
    c.weighted([
      [6, () => { this.key(d); this.addr(d); this.len(40, d); this.host("storage_set"); }],
      [2, () => { this.key(d); this.host("storage_remove"); }],
      [3, () => { this.key(d); this.addr(d); this.len(40, d); this.host("storage_get"); this.emit(Op.drop); }],
      [4, () => {
        this.addr(d);
        this.i32c(c.weighted<number>([[40, () => c.int(5)], [this.mc.hazard, () => 5]]));
        this.addr(d); this.len(40, d);
        this.host("emit");
      }],
      [3, () => { this.addr(d); this.i32c(0); this.host("input_size"); this.host("input_read"); }],
      [this.mc.hazard, () => { this.addr(d); this.len(8, d); this.len(16, d); this.host("input_read"); }],
      [1, () => { this.addr(d); this.len(40, d); this.host("debug"); }],
      [1, () => { this.addr(d); this.host(c.chance(50) ? "caller" : "self_address"); }],
      [1, () => { this.addr(d); this.len(40, d); this.host(c.chance(50) ? "return" : "revert"); }],
    ]);
  }

  private bulkStmt(d: number): void {
    const c = this.c;
    const datas = this.mc.dataLens;
    const passive = this.mc.dataPassive.map((p, i) => (p ? i : -1)).filter((i) => i >= 0);
    c.weighted([
      [3, () => { this.addr(d); this.value(I32, d); this.len(256, d); this.emit(Op.memory_fill, 0); }],
      [3, () => { this.addr(d); this.addr(d); this.len(256, d); this.emit(Op.memory_copy, 0, 0); }],
      [2, () => { this.value(I32, d); this.sink(I32); this.growDelta(d); this.emit(Op.memory_grow, 0); this.emit(Op.drop); }],
      // Without hazards, only passive segments (active ones are dropped, so any byte traps).
      [this.mc.hazard > 0 ? (datas.length > 0 ? 3 : 0) : passive.length > 0 ? 3 : 0, () => {
        const seg = this.mc.hazard === 0 ? c.pick(passive) : c.int(datas.length);
        const n = datas[seg]!;
        const off = c.int(n + 1);
        this.addr(d);
        if (c.int(20) < this.mc.hazard) { this.i32c(c.int(n + 3)); this.i32c(c.int(n + 3)); }
        else { this.i32c(off); this.i32c(c.int(n - off + 1)); }
        this.emit(Op.memory_init, seg, 0);
      }],
      [datas.length > 0 && this.mc.hazard > 0 ? 1 : 0, () => this.emit(Op.data_drop, c.int(datas.length))],
    ]);
  }

  private tableStmt(d: number): void {
    const c = this.c;
    const elems = this.mc.elemLens;
    const size = this.mc.tableSize;
    c.weighted([
      [elems.length > 0 ? 3 : 0, () => {
        const seg = c.int(elems.length);
        const n = elems[seg]!;
        if (c.int(20) < this.mc.hazard) { this.i32c(c.int(size + 1)); this.i32c(c.int(n + 2)); this.i32c(c.int(n + 2)); }
        else {
          const off = c.int(n + 1);
          const len = c.int(Math.min(n - off, size) + 1);
          this.i32c(c.int(size - len + 1)); this.i32c(off); this.i32c(len);
        }
        this.emit(Op.table_init, seg, 0);
      }],
      [elems.length > 0 ? 1 : 0, () => this.emit(Op.elem_drop, c.int(elems.length))],
      [2, () => {
        if (c.int(20) < this.mc.hazard) {
          this.i32c(c.int(size + 1)); this.i32c(c.int(size + 1));
          if (c.chance(70)) this.i32c(c.int(size + 1)); else this.value(I32, d);
        } else {
          const len = c.int(size + 1);
          this.i32c(c.int(size - len + 1)); this.i32c(c.int(size - len + 1)); this.i32c(len);
        }
        this.emit(Op.table_copy, 0, 0);
      }],
    ]);
  }

  protected branchOut(d: number): void {
    const k = this.c.int(this.labels.length);
    this.values(this.labels[k]!, d);
    this.emit(Op.br, this.labels.length - 1 - k);
  }

  /** The whole body: statements, then the function's results, then the final end. */
  body(d: number): FuncBody {
    this.topStmts(d);
    this.values(this.type.results, d);
    this.out.push({ op: Op.end });
    return { locals: this.localDecls(), body: this.out };
  }
}
