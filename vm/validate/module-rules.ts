// Module-level rules of spec §3.2 (types), §3.4 (modules) and the policy's rules on the
// same components. Within one component the spec rule is checked before the policy rule,
// so an invalid module is reported as invalid rather than as out of policy where possible.

import { EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, valTypeName, type Instr, type Limits, type ValType } from "../wasm/module.js";
import { opInfo } from "../wasm/opcodes.js";
import { fail, isRefType, isValType, type Context } from "./context.js";
import { RESERVED_EXPORT_PREFIX } from "./policy.js";

/** The largest memory in pages (§3.2.3: 2^16 pages of 64 KiB = 4 GiB). */
const MAX_MEMORY_PAGES = 65536;
/** Table sizes are u32 (§3.2.4). */
const MAX_TABLE_SIZE = 0xffff_ffff;

/** A value type used anywhere in the module: must exist (§2.3) and be allowed by the policy. */
export function checkValType(ctx: Context, t: ValType, where: string, func?: number, offset?: number): void {
  if (!isValType(t)) fail("spec.invalid-value-type", `${where}: invalid value type ${valTypeName(t)}`, func, offset);
  if (t === V128) fail("policy.simd", `${where}: v128 (SIMD) is not supported`, func, offset);
  if ((t === F32 || t === F64) && !ctx.policy.allowFloat) {
    fail("policy.float", `${where}: float type ${valTypeName(t)} is not allowed`, func, offset);
  }
  if (isRefType(t) && !ctx.policy.allowReferenceTypes) {
    fail("policy.reference-types", `${where}: reference type ${valTypeName(t)} as a value is not allowed`, func, offset);
  }
}

function checkLimits(l: Limits, k: number, what: string): void {
  if (l.min > k) fail("spec.limits", `${what}: minimum ${l.min} exceeds ${k}`);
  if (l.max !== undefined) {
    if (l.max > k) fail("spec.limits", `${what}: maximum ${l.max} exceeds ${k}`);
    if (l.min > l.max) fail("spec.limits", `${what}: minimum ${l.min} exceeds maximum ${l.max}`);
  }
}

function checkTableType(ctx: Context, elem: ValType, limits: Limits, what: string): void {
  if (!isRefType(elem)) fail("spec.invalid-table-type", `${what}: element type ${valTypeName(elem)} is not a reference type`);
  checkLimits(limits, MAX_TABLE_SIZE, what);
  if (!ctx.policy.allowReferenceTypes) {
    if (elem !== FUNCREF) fail("policy.reference-types", `${what}: only funcref tables are allowed`);
  } else if ((limits.max ?? Infinity) > ctx.policy.limits.tableSize) {
    // With reference types on, table.grow exists, so the maximum is what bounds the table.
    fail("limit.table-size", `${what}: a growable table needs a maximum ≤ ${ctx.policy.limits.tableSize}`);
  }
}

function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** §3.2.2 function types, §3.4.8 imports, and the import policy. */
export function checkTypesAndImports(ctx: Context): void {
  const { m } = ctx;
  for (let i = 0; i < m.types.length; i++) {
    const t = m.types[i];
    for (const p of t.params) checkValType(ctx, p, `type ${i} parameter`);
    for (const r of t.results) checkValType(ctx, r, `type ${i} result`);
  }
  const resolve = ctx.policy.hostImport;
  for (const imp of m.imports) {
    const what = `import "${imp.module}"."${imp.name}"`;
    const d = imp.desc;
    if (d.kind === "table") checkTableType(ctx, d.table.elem, d.table.limits, what);
    else if (d.kind === "memory") checkLimits(d.memory, MAX_MEMORY_PAGES, what);
    else if (d.kind === "global") checkValType(ctx, d.global.type, what);
    // func imports: the type index was checked when the context was built.
    if (resolve === "any") continue;
    if (d.kind !== "func") fail("policy.import", `${what}: only host functions may be imported, not a ${d.kind}`);
    const host = resolve(imp.module, imp.name);
    if (host === undefined) fail("policy.import", `${what}: no such host function`);
    const t = m.types[d.type];
    if (!sameTypes(t.params, host.params) || !sameTypes(t.results, host.results)) {
      fail("policy.import", `${what}: signature does not match the host function's`);
    }
  }
  if (m.funcs.length !== m.codes.length) {
    fail("spec.function-code-mismatch", `${m.funcs.length} functions declared but ${m.codes.length} bodies given`);
  }
}

/** §3.4.2 tables, §3.4.3 memories (and the single-memory rule of Wasm 2.0). */
export function checkTablesAndMemories(ctx: Context): void {
  const { m } = ctx;
  for (let i = 0; i < m.tables.length; i++) checkTableType(ctx, m.tables[i].elem, m.tables[i].limits, `table ${i}`);
  if (ctx.tables.length > 1 && !ctx.policy.allowReferenceTypes) {
    fail("policy.reference-types", `${ctx.tables.length} tables: at most one table is allowed`);
  }
  for (let i = 0; i < m.memories.length; i++) checkLimits(m.memories[i], MAX_MEMORY_PAGES, `memory ${i}`);
  if (ctx.mems.length > 1) fail("spec.multiple-memories", `${ctx.mems.length} memories: at most one is allowed`);
}

/**
 * §3.3.10 constant expressions: only constants, `ref.null`, `ref.func` and `global.get` of an
 * imported immutable global (the Wasm 2.0 context C' holds only imported globals), leaving
 * exactly one value of type `expected`. `refsAllowed` is the policy's consent to ref.* here.
 */
export function checkConstExpr(ctx: Context, expr: readonly Instr[] | undefined, expected: ValType, what: string, refsAllowed: boolean): void {
  if (expr === undefined) fail("spec.constant-expression", `${what}: missing expression`);
  const stack: ValType[] = [];
  for (const ins of expr) {
    const info = opInfo(ins.op);
    if (info !== undefined && (info.feature === "float") && !ctx.policy.allowFloat) {
      fail("policy.float", `${what}: ${info.name} is not allowed`);
    }
    const a = ins.a ?? -1;
    switch (ins.op) {
      case 0x41: stack.push(I32); break;
      case 0x42: stack.push(I64); break;
      case 0x43: stack.push(F32); break;
      case 0x44: stack.push(F64); break;
      case 0xd0: // ref.null t
        if (!refsAllowed) fail("policy.reference-types", `${what}: ref.null is not allowed here`);
        if (!isRefType(a)) fail("spec.invalid-value-type", `${what}: ref.null of a non-reference type`);
        stack.push(a);
        break;
      case 0xd2: // ref.func x
        if (!refsAllowed) fail("policy.reference-types", `${what}: ref.func is not allowed here`);
        if (!(a >= 0 && a < ctx.funcs.length)) fail("spec.unknown-func", `${what}: unknown function ${a}`);
        stack.push(FUNCREF);
        break;
      case 0x23: { // global.get x
        if (!(a >= 0 && a < ctx.globals.length)) fail("spec.unknown-global", `${what}: unknown global ${a}`);
        if (a >= ctx.importedGlobals) fail("spec.unknown-global", `${what}: global ${a} is not imported, so not in a constant context`);
        const g = ctx.globals[a];
        if (g.mutable) fail("spec.constant-expression", `${what}: global ${a} is mutable`);
        stack.push(g.type);
        break;
      }
      default:
        fail("spec.constant-expression", `${what}: ${info?.name ?? `opcode 0x${ins.op.toString(16)}`} is not a constant instruction`);
    }
  }
  if (stack.length !== 1 || stack[0] !== expected) {
    fail("spec.type-mismatch", `${what}: expected one ${valTypeName(expected)}, got [${stack.map(valTypeName).join(" ")}]`);
  }
}

/** §3.4.4 globals. */
export function checkGlobals(ctx: Context): void {
  const { m } = ctx;
  for (let i = 0; i < m.globals.length; i++) {
    const g = m.globals[i];
    const what = `global ${ctx.importedGlobals + i}`;
    checkValType(ctx, g.type.type, what);
    checkConstExpr(ctx, g.init, g.type.type, `${what} initialiser`, ctx.policy.allowReferenceTypes);
  }
}

/** §3.4.9 exports, §3.4.7 start. */
export function checkExportsAndStart(ctx: Context): void {
  const { m } = ctx;
  const names = new Set<string>(); // membership only, never iterated
  for (const e of m.exports) {
    if (names.has(e.name)) fail("spec.duplicate-export", `export name "${e.name}" is used twice`);
    names.add(e.name);
    const space = e.kind === "func" ? ctx.funcs.length
      : e.kind === "table" ? ctx.tables.length
      : e.kind === "memory" ? ctx.mems.length
      : e.kind === "global" ? ctx.globals.length : -1;
    if (space < 0) fail("spec.malformed-structure", `export "${e.name}" has an unknown kind`);
    if (!(e.index >= 0 && e.index < space)) fail(`spec.unknown-${e.kind}`, `export "${e.name}": unknown ${e.kind} ${e.index}`);
  }
  for (const e of m.exports) {
    if (e.name.startsWith(RESERVED_EXPORT_PREFIX)) fail("policy.reserved-export", `export name "${e.name}" is reserved for the VM's instrumentation`);
  }
  if (m.start !== undefined) {
    const t = ctx.funcs[m.start];
    if (t === undefined) fail("spec.unknown-func", `start function ${m.start} does not exist`);
    if (t.params.length !== 0 || t.results.length !== 0) fail("spec.start-function", `start function ${m.start} must have type [] -> []`);
  }
}

/** §3.4.5 element segments, §3.4.6 data segments. */
export function checkSegments(ctx: Context): void {
  const { m } = ctx;
  for (let i = 0; i < m.elems.length; i++) {
    const el = m.elems[i];
    const what = `element segment ${i}`;
    if (!isRefType(el.type)) fail("spec.invalid-value-type", `${what}: element type ${valTypeName(el.type)} is not a reference type`);
    if (el.type === EXTERNREF && !ctx.policy.allowReferenceTypes) fail("policy.reference-types", `${what}: externref segments are not allowed`);
    // Items are ref.func / ref.null: the MVP's function lists, allowed by the policy.
    for (let k = 0; k < el.init.length; k++) checkConstExpr(ctx, el.init[k], el.type, `${what} item ${k}`, true);
    if (el.mode === "active") {
      const t = ctx.tables[el.table];
      if (t === undefined) fail("spec.unknown-table", `${what}: unknown table ${el.table}`);
      if (t.elem !== el.type) fail("spec.type-mismatch", `${what}: ${valTypeName(el.type)} segment for a ${valTypeName(t.elem)} table`);
      checkConstExpr(ctx, el.offset, I32, `${what} offset`, ctx.policy.allowReferenceTypes);
    }
  }
  for (let i = 0; i < m.datas.length; i++) {
    const d = m.datas[i];
    if (d.mode !== "active") continue;
    if (!(d.memory >= 0 && d.memory < ctx.mems.length)) fail("spec.unknown-memory", `data segment ${i}: unknown memory ${d.memory}`);
    checkConstExpr(ctx, d.offset, I32, `data segment ${i} offset`, ctx.policy.allowReferenceTypes);
  }
  if (m.dataCount !== undefined && m.dataCount !== m.datas.length) {
    fail("spec.data-count-mismatch", `data count section says ${m.dataCount} but there are ${m.datas.length} data segments`);
  }
}
