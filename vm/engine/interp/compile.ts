// Precompilation of function bodies, once per prepared module. Structured control flow
// (spec §4.4.8) is resolved ahead of time: every branch gets the instruction index it
// continues at, the operand-stack height its label's values must land on, and how many
// values it carries. Validated code has a static operand height at every reachable
// instruction (spec §3.3), so the interpreter needs no run-time label stack: a branch is
// "move `arity` values down to `height`, jump to `target`".
//
// Operand heights are relative to the frame's operand base (just above the locals).

import {
  blockSignature, I32, I64, importedFuncCount, valTypeName,
  type FuncType, type Instr, type WasmModule,
} from "../../wasm/module.js";
import { Op, opInfo } from "../../wasm/opcodes.js";
import type { ModuleMeter } from "../../meter/types.js";
import type { PreparedModule, Value } from "../types.js";

/** Branch target meaning "return from the function" (a branch to the function's own label). */
export const RETURN_TARGET = -1;

/** Where one branch goes: continue at `target`, with its `arity` values moved down to `height`. */
export interface BranchDest {
  target: number;
  height: number;
  arity: number;
}

/**
 * One precompiled instruction. Every field is always present (one object shape, so the
 * interpreter's property reads stay monomorphic); fields an opcode does not use are 0/null.
 */
export class Code implements BranchDest {
  /** Opcode as in `Instr.op` (0xfc00 | sub for the 0xFC prefix). */
  op: number;
  /** First immediate (index, offset, i32 constant); see `Instr`. */
  a: number;
  /** Second immediate. */
  b: number;
  /** i64.const value. */
  big: bigint;
  /** br/br_if/br_table default: the destination; if: where a false condition continues; else: after the end. */
  target = 0;
  height = 0;
  arity = 0;
  /** br_table: the non-default destinations. */
  table: BranchDest[] | null = null;

  constructor(ins: Instr) {
    this.op = ins.op;
    this.a = ins.a ?? 0;
    this.b = ins.b ?? 0;
    this.big = ins.i64 ?? 0n;
  }
}

export interface CompiledFunc {
  /** Index in the function index space (imports first). */
  readonly funcIndex: number;
  readonly type: FuncType;
  readonly nParams: number;
  readonly nResults: number;
  /** Params plus declared locals: the operand stack of a frame starts this far above its base. */
  readonly nLocals: number;
  /** Initial values of the declared (non-parameter) locals: 0 for i32, 0n for i64. */
  readonly localZeros: readonly Value[];
  readonly code: Code[];
  /** From the metering plan: gas charged on arriving at each instruction. */
  readonly blockCost: Uint32Array;
  readonly frameCost: number;
}

/** A module prepared for the interpreter: compiled bodies plus index-space tables. */
export class InterpPrepared implements PreparedModule {
  constructor(
    readonly module: WasmModule,
    readonly meter: ModuleMeter,
    readonly nImported: number,
    /** Type of every function in the index space. */
    readonly funcTypes: readonly FuncType[],
    /** Defined functions, in `module.codes` order. */
    readonly funcs: readonly CompiledFunc[],
    /** Structural type id per type index: equal signatures get the same id (call_indirect). */
    readonly typeCanon: Int32Array,
    /** Structural type id per function index. */
    readonly funcCanon: Int32Array,
  ) {}
}

function zeroOf(t: number, what: string): Value {
  if (t === I32) return 0;
  if (t === I64) return 0n;
  throw new Error(`interp: ${what} of type ${valTypeName(t)} is outside the integer-only policy`);
}

/** Operand pops/pushes of a plain signature "pp:rr", cached per opcode. */
const sigCache = new Map<number, [number, number]>();
function plainEffect(op: number): [number, number] {
  let e = sigCache.get(op);
  if (e === undefined) {
    const info = opInfo(op);
    // Floats are outside the policy; reference-types table instructions (table.size & co.)
    // are refused by the policy too, and the interpreter does not implement them.
    if (!info || info.sig === null || info.feature === "float" || info.feature === "sat-float-to-int"
      || info.feature === "reference-types") {
      throw new Error(`interp: unsupported instruction ${info ? info.name : `0x${op.toString(16)}`}`);
    }
    const c = info.sig.indexOf(":");
    e = [c, info.sig.length - c - 1];
    sigCache.set(op, e);
  }
  return e;
}

/** An open construct during compilation. */
interface Ctl {
  kind: "func" | "block" | "loop" | "if";
  /** Index of the block/loop/if instruction (-1 for the function). */
  start: number;
  /** Operand height below the construct's params: where its label's values land. */
  height: number;
  params: number;
  results: number;
  /** Branches (and br_table entries) to this label, patched with end + 1 at the end. */
  forward: BranchDest[];
  /** The `if` instruction, patched to continue after `else` or `end` on a false condition. */
  ifCode: Code | null;
  /** After br/br_table/return/unreachable: the rest up to else/end is dead code. */
  dead: boolean;
}

function compileBody(m: WasmModule, funcTypes: readonly FuncType[], type: FuncType, body: readonly Instr[]): Code[] {
  const code = body.map((ins) => new Code(ins));
  const ctl: Ctl[] = [{
    kind: "func", start: -1, height: 0, params: 0, results: type.results.length,
    forward: [], ifCode: null, dead: false,
  }];
  let h = 0; // operand height before the current instruction

  const top = () => ctl[ctl.length - 1]!;
  // In dead code heights are meaningless; clamping keeps them from going below the frame.
  const pop = (n: number) => { h = Math.max(h - n, top().height); };
  const deadFromHere = () => { const c = top(); c.dead = true; h = c.height; };
  const sigOf = (bt: number): FuncType => {
    const t = blockSignature(m, bt);
    if (!t) throw new Error(`interp: bad block type ${bt}`);
    return t;
  };
  /** Resolve a branch to the label `depth` levels out into `dest`. */
  const branch = (dest: BranchDest, depth: number) => {
    const c = ctl[ctl.length - 1 - depth];
    if (!c) throw new Error(`interp: branch depth ${depth} out of range`);
    dest.height = c.height;
    if (c.kind === "loop") {
      dest.target = c.start + 1; // a loop's label is its beginning: params are carried
      dest.arity = c.params;
    } else if (c.kind === "func") {
      dest.target = RETURN_TARGET;
      dest.arity = c.results;
    } else {
      dest.arity = c.results; // patched with end + 1 when the end is reached
      c.forward.push(dest);
    }
  };

  for (let pc = 0; pc < code.length; pc++) {
    const ins = code[pc]!;
    switch (ins.op) {
      case Op.block: case Op.loop: case Op.if: {
        if (ins.op === Op.if) pop(1);
        const t = sigOf(ins.a);
        ctl.push({
          kind: ins.op === Op.block ? "block" : ins.op === Op.loop ? "loop" : "if",
          start: pc, height: h - t.params.length, params: t.params.length, results: t.results.length,
          forward: [], ifCode: ins.op === Op.if ? ins : null, dead: false,
        });
        break;
      }
      case Op.else: {
        const c = top();
        c.ifCode!.target = pc + 1; // a false condition runs the else arm
        c.ifCode = null;
        c.forward.push(ins); // the then arm falls into `else`, which jumps past the end
        c.dead = false;
        h = c.height + c.params;
        break;
      }
      case Op.end: {
        const c = ctl.pop()!;
        if (c.kind === "func") {
          if (pc !== code.length - 1) throw new Error("interp: function end before the last instruction");
          return code;
        }
        if (c.ifCode) c.ifCode.target = pc + 1; // an if without else: false skips to after the end
        for (const d of c.forward) d.target = pc + 1;
        h = c.height + c.results;
        break;
      }
      case Op.br:
        branch(ins, ins.a);
        deadFromHere();
        break;
      case Op.br_if:
        pop(1);
        branch(ins, ins.a);
        break;
      case Op.br_table: {
        pop(1);
        ins.table = body[pc]!.targets!.map((depth) => {
          const d: BranchDest = { target: 0, height: 0, arity: 0 };
          branch(d, depth);
          return d;
        });
        branch(ins, ins.a);
        deadFromHere();
        break;
      }
      case Op.return: case Op.unreachable:
        deadFromHere();
        break;
      case Op.call: {
        const t = funcTypes[ins.a];
        if (!t) throw new Error(`interp: call to unknown function ${ins.a}`);
        pop(t.params.length);
        h += t.results.length;
        break;
      }
      case Op.call_indirect: {
        const t = m.types[ins.a];
        if (!t) throw new Error(`interp: call_indirect with unknown type ${ins.a}`);
        pop(1 + t.params.length);
        h += t.results.length;
        break;
      }
      case Op.drop: pop(1); break;
      case Op.select: case Op.select_t: pop(3); h += 1; break;
      case Op.local_get: case Op.global_get: h += 1; break;
      case Op.local_set: case Op.global_set: pop(1); break;
      case Op.local_tee: case Op.nop: break;
      default: {
        const [p, r] = plainEffect(ins.op);
        pop(p);
        h += r;
      }
    }
  }
  throw new Error("interp: function body does not end with end");
}

/** Structural type ids: two type indices get the same id iff their signatures are equal. */
function canonicalTypes(m: WasmModule): Int32Array {
  const ids = new Map<string, number>();
  const out = new Int32Array(m.types.length);
  m.types.forEach((t, i) => {
    const key = `${t.params.join(",")}>${t.results.join(",")}`;
    let id = ids.get(key);
    if (id === undefined) { id = ids.size; ids.set(key, id); }
    out[i] = id;
  });
  return out;
}

/** Compile every defined function of a validated module against its metering plan. */
export function compileModule(m: WasmModule, meter: ModuleMeter): InterpPrepared {
  if (meter.funcs.length !== m.codes.length) throw new Error("interp: meter does not match the module");
  const nImported = importedFuncCount(m);
  const typeCanon = canonicalTypes(m);
  const funcTypes: FuncType[] = [];
  const typeIdx: number[] = [];
  for (const imp of m.imports) if (imp.desc.kind === "func") typeIdx.push(imp.desc.type);
  typeIdx.push(...m.funcs);
  for (const t of typeIdx) funcTypes.push(m.types[t]!);
  const funcCanon = Int32Array.from(typeIdx, (t) => typeCanon[t]!);
  m.globals.forEach((g, k) => zeroOf(g.type.type, `global ${k}`));

  const funcs = m.codes.map((body, k): CompiledFunc => {
    const funcIndex = nImported + k;
    const type = funcTypes[funcIndex]!;
    const localZeros: Value[] = [];
    for (const d of body.locals) {
      const z = zeroOf(d.type, `a local of function ${funcIndex}`);
      for (let i = 0; i < d.count; i++) localZeros.push(z);
    }
    for (const p of type.params) zeroOf(p, `a parameter of function ${funcIndex}`);
    for (const r of type.results) zeroOf(r, `a result of function ${funcIndex}`);
    const fm = meter.funcs[k]!;
    if (fm.blockCost.length !== body.body.length) throw new Error(`interp: meter of function ${funcIndex} has the wrong length`);
    return {
      funcIndex, type,
      nParams: type.params.length, nResults: type.results.length,
      nLocals: type.params.length + localZeros.length, localZeros,
      code: compileBody(m, funcTypes, type, body.body),
      blockCost: fm.blockCost, frameCost: fm.frameCost,
    };
  });
  return new InterpPrepared(m, meter, nImported, funcTypes, funcs, typeCanon, funcCanon);
}
