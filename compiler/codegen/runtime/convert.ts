// `panic` and the conversions between integer widths (`int.cast`, `int.from_i64`, `int.to_i64`).
// A conversion first widens its source into the 32-byte buffer WIDE_BUF (sign- or zero-
// extended), so sources, destinations and the range check all work on any width 1..32 bytes.

import binaryen from "binaryen";
import { PANIC_SELECTOR } from "../../../stdlib/abi/selector.js";
import { HOST_FUNCTIONS, HOST_MODULE, I32, I64 } from "../../../stdlib/host/table.js";
import { Fn, T, type X } from "./builder.js";
import { PANIC_BAD_CAST, PANIC_BUF, WIDE_BUF, panicCall, type Rt } from "./common.js";

/** The internal name under which the runtime declares `silk.revert` when nobody has yet. */
export const REVERT_IMPORT = "silk.revert";

/** The internal name of the module's `silk.revert` import, declaring it if absent. */
export function requireRevertImport(mod: binaryen.Module): string {
  for (let i = 0; i < mod.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
    if (info.module === HOST_MODULE && info.base === "revert") return info.name;
  }
  const spec = HOST_FUNCTIONS.find((h) => h.name === "revert");
  if (!spec) throw new Error("host table has no `revert`");
  const vt = (v: number): binaryen.Type => (v === I32 ? binaryen.i32 : v === I64 ? binaryen.i64 : binaryen.none);
  mod.addFunctionImport(
    REVERT_IMPORT, HOST_MODULE, "revert",
    binaryen.createType(spec.params.map(vt)),
    spec.results.length === 0 ? binaryen.none : vt(spec.results[0]),
  );
  return REVERT_IMPORT;
}

/** `panic (code)`: revert with `selector("Panic(u32)") ‖ u32 LE code`; never returns. */
export function genPanic(mod: binaryen.Module, name: string): void {
  const revert = requireRevertImport(mod);
  const f = new Fn(mod, [T.i32]);
  const sel = PANIC_SELECTOR[0] | (PANIC_SELECTOR[1] << 8) | (PANIC_SELECTOR[2] << 16) | (PANIC_SELECTOR[3] << 24);
  const m = mod;
  f.finish(name, T.none, [
    m.i32.store(0, 4, m.i32.const(PANIC_BUF), m.i32.const(sel)),
    m.i32.store(4, 4, m.i32.const(PANIC_BUF), f.get(0)),
    m.call(revert, [m.i32.const(PANIC_BUF), m.i32.const(8)], T.none),
    m.unreachable(),
  ]);
}

/**
 * `int.cast (dst, dstBytes, dstSigned, src, srcBytes, srcSigned)`, widths 1..32 bytes:
 * copies the value, panicking 0x21 when the destination type cannot represent it.
 */
export function genCast(mod: binaryen.Module, rt: Rt, name: string): void {
  const m = mod;
  const f = new Fn(mod, [T.i32, T.i32, T.i32, T.i32, T.i32, T.i32]);
  const [dst, dstBytes, dstSigned, src, srcBytes, srcSigned] = [0, 1, 2, 3, 4, 5];
  const neg = f.local(T.i32);
  const ext = f.local(T.i32);
  const i = f.local(T.i32);
  const done = f.label("cast_ok");
  const scan = f.label("cast_scan");
  const bad = (): X => panicCall(f, rt, PANIC_BAD_CAST);
  const code: X[] = [
    // negative value: a signed source with its top bit set
    f.set(neg, m.i32.and(
      m.i32.ne(f.get(srcSigned), m.i32.const(0)),
      m.i32.lt_s(m.i32.load8_s(0, 1, m.i32.add(f.get(src), m.i32.sub(f.get(srcBytes), m.i32.const(1)))), m.i32.const(0)),
    )),
    f.set(ext, m.i32.sub(m.i32.const(0), f.get(neg))),
    m.memory.fill(m.i32.const(WIDE_BUF), f.get(ext), m.i32.const(32)),
    m.memory.copy(m.i32.const(WIDE_BUF), f.get(src), f.get(srcBytes)),
    // every byte above the destination's width must be the extension byte
    f.set(i, f.get(dstBytes)),
    m.block(done, [m.loop(scan, m.block(null, [
      m.br(done, m.i32.ge_u(f.get(i), m.i32.const(32))),
      m.if(m.i32.ne(
        m.i32.load8_u(WIDE_BUF, 1, f.get(i)),
        m.i32.and(f.get(ext), m.i32.const(0xff)),
      ), bad()),
      f.set(i, m.i32.add(f.get(i), m.i32.const(1))),
      m.br(scan),
    ]))]),
    // and the destination's own top bit must agree with the sign (a u* target takes no negatives)
    m.if(f.get(dstSigned),
      m.if(m.i32.ne(
        m.i32.lt_s(m.i32.load8_s(WIDE_BUF, 1, m.i32.sub(f.get(dstBytes), m.i32.const(1))), m.i32.const(0)),
        f.get(neg),
      ), bad()),
      m.if(f.get(neg), bad()),
    ),
    m.memory.copy(f.get(dst), m.i32.const(WIDE_BUF), f.get(dstBytes)),
  ];
  f.finish(name, T.none, code);
}

/** `int.from_i64 (dst, dstBytes, v, srcSigned)`: writes v zero- or sign-extended to dstBytes (1..32). */
export function genFromI64(mod: binaryen.Module, name: string): void {
  const m = mod;
  const f = new Fn(mod, [T.i32, T.i32, T.i64, T.i32]);
  const ext = f.local();
  const code: X[] = [
    f.set(ext, m.select(f.get(3), m.i64.shr_s(f.get(2), f.c64(63n)), f.c64(0n))),
    m.i64.store(0, 8, m.i32.const(WIDE_BUF), f.get(2)),
    m.i64.store(8, 8, m.i32.const(WIDE_BUF), f.get(ext)),
    m.i64.store(16, 8, m.i32.const(WIDE_BUF), f.get(ext)),
    m.i64.store(24, 8, m.i32.const(WIDE_BUF), f.get(ext)),
    m.memory.copy(f.get(0), m.i32.const(WIDE_BUF), f.get(1)),
  ];
  f.finish(name, T.none, code);
}

/** `int.to_i64 (src, srcBytes) → i64`: the low 64 bits (zero-extended when srcBytes < 8); no range check. */
export function genToI64(mod: binaryen.Module, name: string): void {
  const m = mod;
  const f = new Fn(mod, [T.i32, T.i32]);
  const code: X[] = [
    m.if(m.i32.ge_u(f.get(1), m.i32.const(8)), m.return(m.i64.load(0, 8, f.get(0)))),
    m.i64.store(0, 8, m.i32.const(WIDE_BUF), f.c64(0n)),
    m.memory.copy(m.i32.const(WIDE_BUF), f.get(0), f.get(1)),
    m.i64.load(0, 8, m.i32.const(WIDE_BUF)),
  ];
  f.finish(name, T.i64, code);
}
