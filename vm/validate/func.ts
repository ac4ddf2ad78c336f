// Validation of function bodies: the operand-stack and control-frame algorithm of the spec
// appendix (§A.3 "Validation Algorithm", Wasm 2.0), with the policy's instruction rules.
//
// Cost: every instruction does O(its own arity) work. Control frames are parallel arrays
// reused across functions (no allocation per block, no copying of type lists: a frame
// refers to the FuncType's own arrays), and br_table checks each distinct target label once.

import { F32, F64, FUNCREF, I32, I64, BLOCK_EMPTY, valTypeName, type FuncBody, type FuncType, type ValType } from "../wasm/module.js";
import { ALL_OPS, opInfo } from "../wasm/opcodes.js";
import { fail, isRefType, type Context } from "./context.js";
import { checkValType } from "./module-rules.js";

/** The appendix's `Unknown` operand type; 0 is no value type's encoding. */
const UNKNOWN = 0;
const NO_TYPES: readonly ValType[] = [];

/** Plain operand signatures from the opcode table, parsed once: index is the opcode, 0xFC ops at 0x100 + sub. */
const SIG_PARAMS: (readonly ValType[] | undefined)[] = new Array(0x200).fill(undefined);
const SIG_RESULTS: (readonly ValType[] | undefined)[] = new Array(0x200).fill(undefined);
{
  const letter: Record<string, ValType> = { i: I32, I: I64, f: F32, F: F64 };
  for (const info of ALL_OPS) {
    if (info.sig === null) continue;
    const [p, r] = info.sig.split(":");
    const slot = info.code < 0x100 ? info.code : 0x100 + (info.code & 0xff);
    SIG_PARAMS[slot] = [...p].map((c) => letter[c]);
    SIG_RESULTS[slot] = [...r].map((c) => letter[c]);
  }
}
/**
 * Dense dispatch: each opcode's slot maps to a small "kind" so that the body loop switches
 * over consecutive integers (a jump table even before V8 optimises the loop), plus the
 * policy class of the opcode, so that no string is compared per instruction.
 */
const K_INVALID = 0, K_PLAIN = 1, K_MEM = 2, K_UNREACHABLE = 3, K_NOP = 4, K_BLOCK = 5, K_IF = 6, K_ELSE = 7,
  K_END = 8, K_BR = 9, K_BR_IF = 10, K_BR_TABLE = 11, K_RETURN = 12, K_CALL = 13, K_CALL_INDIRECT = 14, K_DROP = 15,
  K_SELECT = 16, K_SELECT_T = 17, K_LOCAL_GET = 18, K_LOCAL_SET = 19, K_LOCAL_TEE = 20, K_GLOBAL_GET = 21,
  K_GLOBAL_SET = 22, K_TABLE_GET = 23, K_TABLE_SET = 24, K_REF_NULL = 25, K_REF_IS_NULL = 26, K_REF_FUNC = 27,
  K_MEMIDX = 28, K_MEMORY_INIT = 29, K_DATA_DROP = 30, K_MEMORY_COPY = 31, K_TABLE_INIT = 32, K_ELEM_DROP = 33,
  K_TABLE_COPY = 34, K_TABLE_GROW = 35, K_TABLE_SIZE = 36, K_TABLE_FILL = 37;
const SPECIAL: Record<number, number> = {
  0x00: K_UNREACHABLE, 0x01: K_NOP, 0x02: K_BLOCK, 0x03: K_BLOCK, 0x04: K_IF, 0x05: K_ELSE, 0x0b: K_END,
  0x0c: K_BR, 0x0d: K_BR_IF, 0x0e: K_BR_TABLE, 0x0f: K_RETURN, 0x10: K_CALL, 0x11: K_CALL_INDIRECT,
  0x1a: K_DROP, 0x1b: K_SELECT, 0x1c: K_SELECT_T, 0x20: K_LOCAL_GET, 0x21: K_LOCAL_SET, 0x22: K_LOCAL_TEE,
  0x23: K_GLOBAL_GET, 0x24: K_GLOBAL_SET, 0x25: K_TABLE_GET, 0x26: K_TABLE_SET, 0xd0: K_REF_NULL,
  0xd1: K_REF_IS_NULL, 0xd2: K_REF_FUNC, 0x3f: K_MEMIDX, 0x40: K_MEMIDX, 0xfc0b: K_MEMIDX,
  0xfc08: K_MEMORY_INIT, 0xfc09: K_DATA_DROP, 0xfc0a: K_MEMORY_COPY, 0xfc0c: K_TABLE_INIT, 0xfc0d: K_ELEM_DROP,
  0xfc0e: K_TABLE_COPY, 0xfc0f: K_TABLE_GROW, 0xfc10: K_TABLE_SIZE, 0xfc11: K_TABLE_FILL,
};
/** Policy class: 1 = float family, 2 = reference-types instruction (typed select is judged by its type first). */
const P_FLOAT = 1, P_REF = 2;
const KIND = new Uint8Array(0x200);
const PCLASS = new Uint8Array(0x200);
const NAT_ALIGN = new Uint8Array(0x200);
for (const info of ALL_OPS) {
  const slot = info.code < 0x100 ? info.code : 0x100 + (info.code & 0xff);
  KIND[slot] = SPECIAL[info.code] ?? (info.imm === "memarg" ? K_MEM : info.sig !== null ? K_PLAIN : K_INVALID);
  PCLASS[slot] = info.feature === "float" || info.feature === "sat-float-to-int" ? P_FLOAT
    : info.feature === "reference-types" && info.code !== 0x1c ? P_REF : 0;
  NAT_ALIGN[slot] = info.natAlign ?? 0;
}
/** Slot of an opcode in the dense tables, or -1 for a value that is no opcode encoding. */
function slotOf(op: number): number {
  if (op >= 0 && op < 0x100) return op;
  if (op >= 0xfc00 && op < 0xfd00) return 0x100 + (op & 0xff);
  return -1;
}

/** Block types `[] -> []` and `[] -> [t]` for every t, shared so that block types allocate nothing. */
const EMPTY_BLOCK: FuncType = { params: [], results: [] };
const SINGLE_BLOCK: readonly FuncType[] = Array.from({ length: 0x80 }, (_, t) => ({ params: [], results: [t] }));

function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function typesName(ts: readonly ValType[]): string {
  return `[${ts.map(valTypeName).join(" ")}]`;
}

/**
 * Validates bodies one at a time; create one per module and call `validate` for each
 * function. Holds reusable stacks, so it is not re-entrant.
 */
export class BodyValidator {
  // Operand stack (the appendix's `vals`).
  private vals: ValType[] = [];
  // Control stack (`ctrls`) as parallel arrays indexed 0..depth-1; index 0 is the function's frame.
  private fOp: number[] = [];
  private fStart: (readonly ValType[])[] = [];
  private fEnd: (readonly ValType[])[] = [];
  private fHeight: number[] = [];
  private fUnreachable: boolean[] = [];
  /** br_table serial at which the frame's label was last checked, so each label is checked once per br_table. */
  private fSeen: number[] = [];
  private depth = 0;
  private brTableSerial = 0;

  // Locals: parameters, then declaration runs looked up by binary search over their starts.
  private params: readonly ValType[] = NO_TYPES;
  private declStart: number[] = [];
  private declType: ValType[] = [];
  private localCount = 0;

  // Error location.
  private func = 0;
  private pc = 0;

  constructor(private readonly ctx: Context) {}

  private err(rule: string, message: string): never {
    fail(rule, message, this.func, this.pc);
  }

  // ---- operand stack (§A.3 push_val / pop_val / pop_vals) ----

  private popVal(expect: ValType): ValType {
    const top = this.depth - 1;
    if (this.vals.length === this.fHeight[top]) {
      if (this.fUnreachable[top]) return UNKNOWN;
      this.err("spec.type-mismatch", expect === UNKNOWN ? "operand stack underflow" : `expected ${valTypeName(expect)} but the stack is empty`);
    }
    const actual = this.vals.pop()!;
    if (actual !== expect && actual !== UNKNOWN && expect !== UNKNOWN) {
      this.err("spec.type-mismatch", `expected ${valTypeName(expect)}, found ${valTypeName(actual)}`);
    }
    return actual;
  }

  private popVals(types: readonly ValType[]): void {
    for (let i = types.length - 1; i >= 0; i--) this.popVal(types[i]);
  }

  private pushVals(types: readonly ValType[]): void {
    for (let i = 0; i < types.length; i++) this.vals.push(types[i]);
  }

  /**
   * Equivalent to `push_vals(pop_vals(types))` without mutating: the top values must match
   * `types`, and positions below the frame's height are allowed only in unreachable code.
   */
  private checkTop(types: readonly ValType[]): void {
    const top = this.depth - 1;
    const h = this.fHeight[top];
    const base = this.vals.length - types.length;
    for (let j = 0; j < types.length; j++) {
      const pos = base + j;
      if (pos < h) {
        if (!this.fUnreachable[top]) this.err("spec.type-mismatch", `branch expects ${typesName(types)} but the stack is too short`);
        continue;
      }
      const actual = this.vals[pos];
      if (actual !== types[j] && actual !== UNKNOWN) {
        this.err("spec.type-mismatch", `branch expects ${valTypeName(types[j])}, found ${valTypeName(actual)}`);
      }
    }
  }

  // ---- control stack (§A.3 push_ctrl / pop_ctrl / label_types / unreachable) ----

  private pushCtrl(op: number, start: readonly ValType[], end: readonly ValType[]): void {
    const d = this.depth;
    if (d >= this.ctx.policy.limits.nestingDepth) {
      this.err("limit.nesting-depth", `more than ${this.ctx.policy.limits.nestingDepth} nested control frames`);
    }
    this.fOp[d] = op;
    this.fStart[d] = start;
    this.fEnd[d] = end;
    this.fHeight[d] = this.vals.length;
    this.fUnreachable[d] = false;
    this.fSeen[d] = 0;
    this.depth = d + 1;
    this.pushVals(start);
  }

  /** Checks the frame's results and the stack height; leaves the frame in place. */
  private closeFrame(): void {
    const top = this.depth - 1;
    this.popVals(this.fEnd[top]);
    if (this.vals.length !== this.fHeight[top]) {
      this.err("spec.type-mismatch", `${this.vals.length - this.fHeight[top]} values left on the stack at the end of a block of type ${typesName(this.fEnd[top])}`);
    }
  }

  private setUnreachable(): void {
    const top = this.depth - 1;
    this.vals.length = this.fHeight[top];
    this.fUnreachable[top] = true;
  }

  /** Frame index of label `l`, or a spec error. */
  private label(l: number | undefined): number {
    if (l === undefined || !(l >= 0 && l < this.depth)) this.err("spec.unknown-label", `unknown label ${l}`);
    return this.depth - 1 - l;
  }

  private labelTypes(frame: number): readonly ValType[] {
    return this.fOp[frame] === 0x03 ? this.fStart[frame] : this.fEnd[frame];
  }

  // ---- immediates ----

  private blockType(bt: number | undefined): FuncType {
    if (bt === undefined) this.err("spec.malformed-structure", "block without a block type");
    if (bt === BLOCK_EMPTY) return EMPTY_BLOCK;
    if (bt < 0) {
      const t = bt + 0x80;
      checkValType(this.ctx, t, "block type", this.func, this.pc);
      return SINGLE_BLOCK[t];
    }
    const t = this.ctx.types[bt];
    if (t === undefined) this.err("spec.unknown-type", `block type names unknown type ${bt}`);
    return t;
  }

  private local(x: number | undefined): ValType {
    if (x === undefined || !(x >= 0 && x < this.localCount)) this.err("spec.unknown-local", `unknown local ${x}`);
    if (x < this.params.length) return this.params[x];
    // Last declaration run whose start is ≤ x.
    let lo = 0, hi = this.declStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.declStart[mid] <= x) lo = mid; else hi = mid - 1;
    }
    return this.declType[lo];
  }

  private global(x: number | undefined) {
    const g = x === undefined ? undefined : this.ctx.globals[x];
    if (g === undefined) this.err("spec.unknown-global", `unknown global ${x}`);
    return g;
  }

  private table(x: number | undefined) {
    const t = x === undefined ? undefined : this.ctx.tables[x];
    if (t === undefined) this.err("spec.unknown-table", `unknown table ${x}`);
    return t;
  }

  private memory(x: number | undefined): void {
    if (x === undefined || !(x >= 0 && x < this.ctx.mems.length)) this.err("spec.unknown-memory", `unknown memory ${x ?? 0}`);
  }

  private elem(x: number | undefined): ValType {
    const t = x === undefined ? undefined : this.ctx.elems[x];
    if (t === undefined) this.err("spec.unknown-elem", `unknown element segment ${x}`);
    return t;
  }

  private data(x: number | undefined): void {
    // §5.5.16: memory.init and data.drop require the data count section.
    if (this.ctx.dataCount === undefined) this.err("spec.data-count-required", "memory.init/data.drop need a data count section");
    if (x === undefined || !(x >= 0 && x < this.ctx.dataCount)) this.err("spec.unknown-data", `unknown data segment ${x}`);
  }

  // ---- the body ----

  validate(funcIndex: number, type: FuncType, code: FuncBody): void {
    const { ctx } = this;
    this.func = funcIndex;
    this.pc = -1;
    this.vals.length = 0;
    this.depth = 0;

    this.params = type.params;
    this.declStart.length = 0;
    this.declType.length = 0;
    let n = type.params.length;
    for (const d of code.locals) {
      checkValType(ctx, d.type, "local", funcIndex);
      if (d.count === 0) continue;
      this.declStart.push(n);
      this.declType.push(d.type);
      n += d.count;
    }
    if (n > 0xffff_ffff) fail("spec.too-many-locals", `${n} locals`, funcIndex);
    this.localCount = n;

    const allowFloat = ctx.policy.allowFloat;
    const allowRef = ctx.policy.allowReferenceTypes;
    const brTableLimit = ctx.policy.limits.brTableTargets;
    const body = code.body;

    this.pushCtrl(0x02, NO_TYPES, type.results);
    for (let pc = 0; pc < body.length; pc++) {
      this.pc = pc;
      if (this.depth === 0) this.err("spec.unbalanced-control", "instructions after the function's final end");
      const ins = body[pc];
      const op = ins.op;
      const slot = slotOf(op);
      const kind = slot < 0 ? K_INVALID : KIND[slot];
      if (kind === K_INVALID) this.err("spec.unknown-opcode", `unknown opcode ${op}`);
      const pclass = PCLASS[slot];
      if (pclass !== 0) {
        if (pclass === P_FLOAT && !allowFloat) this.err("policy.float", `${opInfo(op)!.name} is a float instruction`);
        if (pclass === P_REF && !allowRef) this.err("policy.reference-types", `${opInfo(op)!.name} is a reference-types instruction`);
      }
      const a = ins.a;
      switch (kind) {
        case K_UNREACHABLE: this.setUnreachable(); break;
        case K_NOP: break;
        case K_BLOCK: { // block, loop
          const bt = this.blockType(a);
          this.popVals(bt.params);
          this.pushCtrl(op, bt.params, bt.results);
          break;
        }
        case K_IF: {
          const bt = this.blockType(a);
          this.popVal(I32);
          this.popVals(bt.params);
          this.pushCtrl(op, bt.params, bt.results);
          break;
        }
        case K_ELSE: {
          const top = this.depth - 1;
          if (this.fOp[top] !== 0x04) this.err("spec.else-without-if", "else outside an if");
          this.closeFrame();
          this.fOp[top] = 0x05;
          this.fUnreachable[top] = false;
          this.pushVals(this.fStart[top]);
          break;
        }
        case K_END: {
          const top = this.depth - 1;
          this.closeFrame();
          // An if without else behaves as one with an empty else: params must equal results.
          if (this.fOp[top] === 0x04 && !sameTypes(this.fStart[top], this.fEnd[top])) {
            this.err("spec.type-mismatch", `if without else must have type [t*] -> [t*], has ${typesName(this.fStart[top])} -> ${typesName(this.fEnd[top])}`);
          }
          this.depth = top;
          this.pushVals(this.fEnd[top]);
          break;
        }
        case K_BR: {
          this.popVals(this.labelTypes(this.label(a)));
          this.setUnreachable();
          break;
        }
        case K_BR_IF: {
          const types = this.labelTypes(this.label(a));
          this.popVal(I32);
          this.popVals(types);
          this.pushVals(types);
          break;
        }
        case K_BR_TABLE: {
          const targets = ins.targets;
          if (targets === undefined) this.err("spec.malformed-structure", "br_table without targets");
          if (targets.length > brTableLimit) this.err("limit.br-table-targets", `${targets.length} targets, above the limit of ${brTableLimit}`);
          this.popVal(I32);
          const dflt = this.labelTypes(this.label(a));
          const serial = ++this.brTableSerial;
          for (const n of targets) {
            const f = this.label(n);
            if (this.fSeen[f] === serial) continue;
            this.fSeen[f] = serial;
            const types = this.labelTypes(f);
            if (types.length !== dflt.length) {
              this.err("spec.type-mismatch", `br_table targets have different arities (${types.length} and ${dflt.length})`);
            }
            this.checkTop(types);
          }
          this.popVals(dflt);
          this.setUnreachable();
          break;
        }
        case K_RETURN:
          this.popVals(this.fEnd[0]);
          this.setUnreachable();
          break;
        case K_CALL: {
          const t = a === undefined ? undefined : ctx.funcs[a];
          if (t === undefined) this.err("spec.unknown-func", `unknown function ${a}`);
          this.popVals(t.params);
          this.pushVals(t.results);
          break;
        }
        case K_CALL_INDIRECT: {
          const tab = this.table(ins.b);
          if (tab.elem !== FUNCREF) this.err("spec.type-mismatch", "call_indirect needs a funcref table");
          const t = a === undefined ? undefined : ctx.types[a];
          if (t === undefined) this.err("spec.unknown-type", `unknown type ${a}`);
          this.popVal(I32);
          this.popVals(t.params);
          this.pushVals(t.results);
          break;
        }
        case K_DROP: this.popVal(UNKNOWN); break;
        case K_SELECT: { // untyped: numeric operands only (§3.3.4)
          this.popVal(I32);
          const t1 = this.popVal(UNKNOWN);
          const t2 = this.popVal(UNKNOWN);
          if (isRefType(t1) || isRefType(t2)) this.err("spec.type-mismatch", "untyped select on reference values");
          if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) {
            this.err("spec.type-mismatch", `select operands differ: ${valTypeName(t1)} and ${valTypeName(t2)}`);
          }
          this.vals.push(t1 === UNKNOWN ? t2 : t1);
          break;
        }
        case K_SELECT_T: {
          const ts = ins.targets;
          if (ts === undefined || ts.length !== 1) this.err("spec.invalid-select-type", "select must name exactly one type");
          checkValType(ctx, ts[0], "select type", this.func, pc);
          if (!allowRef) this.err("policy.reference-types", "typed select is a reference-types instruction");
          this.popVal(I32);
          this.popVal(ts[0]);
          this.popVal(ts[0]);
          this.vals.push(ts[0]);
          break;
        }
        case K_LOCAL_GET: this.vals.push(this.local(a)); break;
        case K_LOCAL_SET: this.popVal(this.local(a)); break;
        case K_LOCAL_TEE: { const t = this.local(a); this.popVal(t); this.vals.push(t); break; }
        case K_GLOBAL_GET: this.vals.push(this.global(a).type); break;
        case K_GLOBAL_SET: {
          const g = this.global(a);
          if (!g.mutable) this.err("spec.immutable-global", `global ${a} is immutable`);
          this.popVal(g.type);
          break;
        }
        case K_TABLE_GET: { const t = this.table(a); this.popVal(I32); this.vals.push(t.elem); break; }
        case K_TABLE_SET: { const t = this.table(a); this.popVal(t.elem); this.popVal(I32); break; }
        case K_REF_NULL:
          if (a === undefined || !isRefType(a)) this.err("spec.invalid-value-type", `ref.null of a non-reference type`);
          this.vals.push(a);
          break;
        case K_REF_IS_NULL: {
          const t = this.popVal(UNKNOWN);
          if (t !== UNKNOWN && !isRefType(t)) this.err("spec.type-mismatch", `ref.is_null on ${valTypeName(t)}`);
          this.vals.push(I32);
          break;
        }
        case K_REF_FUNC:
          if (a === undefined || !(a >= 0 && a < ctx.funcs.length)) this.err("spec.unknown-func", `unknown function ${a}`);
          if (ctx.refs[a] !== 1) this.err("spec.undeclared-function-reference", `function ${a} is not declared in an element segment, export or global`);
          this.vals.push(FUNCREF);
          break;
        case K_MEMIDX: // memory.size, memory.grow, memory.fill
          this.memory(a);
          this.plain(op);
          break;
        case K_MEMORY_INIT: // data mem
          this.data(a);
          this.memory(ins.b);
          this.plain(op);
          break;
        case K_DATA_DROP: this.data(a); break;
        case K_MEMORY_COPY: // dst src
          this.memory(a);
          this.memory(ins.b);
          this.plain(op);
          break;
        case K_TABLE_INIT: { // elem table
          const t = this.table(ins.b);
          if (this.elem(a) !== t.elem) this.err("spec.type-mismatch", "table.init: segment and table element types differ");
          this.plain(op);
          break;
        }
        case K_ELEM_DROP: this.elem(a); break;
        case K_TABLE_COPY: { // dst src
          const dst = this.table(a);
          const src = this.table(ins.b);
          if (dst.elem !== src.elem) this.err("spec.type-mismatch", "table.copy between tables of different element types");
          this.plain(op);
          break;
        }
        case K_TABLE_GROW: {
          const t = this.table(a);
          this.popVal(I32);
          this.popVal(t.elem);
          this.vals.push(I32);
          break;
        }
        case K_TABLE_SIZE: this.table(a); this.vals.push(I32); break;
        case K_TABLE_FILL: {
          const t = this.table(a);
          this.popVal(I32);
          this.popVal(t.elem);
          this.popVal(I32);
          break;
        }
        case K_MEM: {
          // §3.3.7: a memory must exist and 2^align must not exceed the access width.
          this.memory(0);
          const align = ins.b;
          if (align === undefined || !(align >= 0 && align <= NAT_ALIGN[slot])) {
            this.err("spec.alignment", `${opInfo(op)!.name}: alignment 2^${align} exceeds the natural alignment 2^${NAT_ALIGN[slot]}`);
          }
          this.plain(op);
          break;
        }
        default: // K_PLAIN
          this.plain(op);
      }
    }
    if (this.depth !== 0) {
      this.pc = body.length;
      this.err("spec.unbalanced-control", "function body does not end with end");
    }
  }

  /** Instructions whose typing is their plain signature in the opcode table. */
  private plain(op: number): void {
    const slot = slotOf(op);
    const p = SIG_PARAMS[slot];
    const r = SIG_RESULTS[slot];
    if (p === undefined || r === undefined) this.err("spec.unknown-opcode", `no typing rule for opcode ${op}`);
    this.popVals(p);
    this.pushVals(r);
  }
}
