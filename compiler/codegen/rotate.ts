// After binaryen's optimiser: `(x << c) | (x >> (W − c))` (logical right shift, W = 32 or 64) is
// a rotate, and becomes `rotl(x, c)`. Silk has no rotate operator, so hash code writes it with
// shifts; neither binaryen nor V8 forms the rotate instruction (measured on V8 11.3: 7% on the
// hash64 kernel of bench/compile.bench.ts). x must be the same value on both sides: `local.get L`
// twice, or `local.tee L (…)` first and `local.get L` second (the tee's side effect is kept).
// The walk descends into the expression kinds codegen produces; it leaves any other alone.

import binaryen from "binaryen";

type X = binaryen.ExpressionRef;
/** binaryen.js's expression setters (not in its typings). */
const Binary = (binaryen as unknown as { Binary: { setOp(e: X, op: number): void; setLeft(e: X, l: X): void; setRight(e: X, r: X): void } }).Binary;

const info = (e: X) => binaryen.getExpressionInfo(e) as unknown as Record<string, unknown> & { id: number };
/** The kinds the walk reads (binaryen.js's getExpressionInfo throws on some others, e.g. memory.size). */
const KNOWN = new Set([
  binaryen.BlockId, binaryen.IfId, binaryen.LoopId, binaryen.BreakId, binaryen.CallId, binaryen.LocalGetId, binaryen.LocalSetId,
  binaryen.GlobalSetId, binaryen.UnaryId, binaryen.DropId, binaryen.ReturnId, binaryen.LoadId, binaryen.StoreId, binaryen.BinaryId,
  binaryen.SelectId, binaryen.MemoryGrowId, binaryen.MemoryFillId, binaryen.MemoryCopyId, binaryen.ConstId,
]);
const known = (e: X): boolean => !!e && KNOWN.has(binaryen.getExpressionId(e));

function constValue(e: X): bigint | undefined {
  if (!known(e)) return undefined;
  const i = info(e);
  if (i.id !== binaryen.ConstId) return undefined;
  const v = i.value as unknown;
  if (typeof v === "number") return BigInt(v);
  if (typeof v === "bigint") return v;
  if (v && typeof v === "object" && "low" in v && "high" in v) {
    const o = v as { low: number; high: number };
    return (BigInt(o.high >>> 0) << 32n) | BigInt(o.low >>> 0);
  }
  return undefined;
}

/** The local a `local.get` reads, or a `local.tee` writes (when `tee` is allowed). */
function localOf(e: X, tee: boolean): number | undefined {
  if (!known(e)) return undefined;
  const i = info(e);
  if (i.id === binaryen.LocalGetId) return i.index as number;
  if (tee && i.id === binaryen.LocalSetId && i.isTee) return i.index as number;
  return undefined;
}

function tryRotate(e: X): boolean {
  if (binaryen.getExpressionId(e) !== binaryen.BinaryId) return false;
  const i = info(e);
  const wide = i.op === binaryen.OrInt64;
  if (!wide && i.op !== binaryen.OrInt32) return false;
  const W = wide ? 64n : 32n;
  if (binaryen.getExpressionId(i.left as X) !== binaryen.BinaryId || binaryen.getExpressionId(i.right as X) !== binaryen.BinaryId) return false;
  const l = info(i.left as X), r = info(i.right as X);
  const isShl = (o: unknown) => o === (wide ? binaryen.ShlInt64 : binaryen.ShlInt32);
  const isShr = (o: unknown) => o === (wide ? binaryen.ShrUInt64 : binaryen.ShrUInt32);
  let rotlBy: X;
  if (isShl(l.op) && isShr(r.op)) {
    const c = constValue(l.right as X), k = constValue(r.right as X);
    if (c === undefined || k === undefined || c <= 0n || c >= W || c + k !== W) return false;
    rotlBy = l.right as X;
  } else if (isShr(l.op) && isShl(r.op)) {
    const k = constValue(l.right as X), c = constValue(r.right as X);
    if (c === undefined || k === undefined || c <= 0n || c >= W || c + k !== W) return false;
    rotlBy = r.right as X;
  } else return false;
  // The left operand is evaluated first, so only it may be the tee.
  const first = l.left as X;
  const a = localOf(first, true), b = localOf(r.left as X, false);
  if (a === undefined || a !== b) return false;
  Binary.setOp(e, wide ? binaryen.RotLInt64 : binaryen.RotLInt32);
  Binary.setLeft(e, first);
  Binary.setRight(e, rotlBy);
  return true;
}

function walk(e: X): number {
  if (!known(e)) return 0;
  let n = tryRotate(e) ? 1 : 0;
  const i = info(e);
  const kids: unknown[] = [];
  switch (i.id) {
    case binaryen.BlockId: kids.push(...(i.children as X[])); break;
    case binaryen.IfId: kids.push(i.condition, i.ifTrue, i.ifFalse); break;
    case binaryen.LoopId: kids.push(i.body); break;
    case binaryen.BreakId: kids.push(i.condition, i.value); break;
    case binaryen.CallId: kids.push(...(i.operands as X[])); break;
    case binaryen.LocalSetId: case binaryen.GlobalSetId: case binaryen.UnaryId: case binaryen.DropId: case binaryen.ReturnId:
      kids.push(i.value); break;
    case binaryen.LoadId: kids.push(i.ptr); break;
    case binaryen.StoreId: kids.push(i.ptr, i.value); break;
    case binaryen.BinaryId: kids.push(i.left, i.right); break;
    case binaryen.SelectId: kids.push(i.ifTrue, i.ifFalse, i.condition); break;
    case binaryen.MemoryGrowId: kids.push(i.delta); break;
    case binaryen.MemoryFillId: kids.push(i.dest, i.value, i.size); break;
    case binaryen.MemoryCopyId: kids.push(i.dest, i.source, i.size); break;
    default: break;
  }
  for (const k of kids) if (typeof k === "number" && k) n += walk(k);
  return n;
}

/** Rewrites the rotates of every defined function of `mod`; returns how many. */
export function formRotates(mod: binaryen.Module): number {
  let n = 0;
  for (let f = 0; f < mod.getNumFunctions(); f++) {
    const body = binaryen.getFunctionInfo(mod.getFunctionByIndex(f)).body;
    if (body) n += walk(body);
  }
  return n;
}
