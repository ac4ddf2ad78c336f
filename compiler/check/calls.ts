// Calls: free functions, `self.f(…)`, built-ins, variant constructors, interface handles and
// typed external calls (`I(addr).f(…) with { gas, value }`), and methods of built-in types
// (`wrapping_add`, `push`, `contains`, …). Each call is classified in `out.calls` for lowering.
// Effects of calls (view purity, payable, self re-entrancy) are checked here, where the callee
// is known.

import type * as A from "../ast/ast.js";
import { didYouMeanHint } from "../diagnostics/suggest.js";
import type { CallTarget } from "./ast.js";
import { bug, type Body, type Checker } from "./context.js";
import type { ErrorEmitted } from "../diagnostics/sink.js";
import { checkExpr } from "./expr.js";
import { checkPlaceMutation } from "./stmt.js";
import {
  ADDRESS, BOOL, BYTES, BYTES32, U256, U32, U64, UNIT, poisoned, show, type IntType, type Type,
} from "./types.js";

type Sig = { params: Type[]; ret: Type };

/** Built-in functions. Hash functions take bytes; strings and bytes32 are accepted as bytes. */
const BUILTIN_FNS: Record<string, Sig> = {
  transfer: { params: [ADDRESS, U256], ret: UNIT },
  balance: { params: [ADDRESS], ret: U256 },
  sha256: { params: [BYTES], ret: BYTES32 },
  keccak256: { params: [BYTES], ret: BYTES32 },
  blake3: { params: [BYTES], ret: BYTES32 },
  ed25519_verify: { params: [BYTES32, BYTES, BYTES], ret: BOOL },
};

function args(cx: Checker, b: Body, name: string, params: Type[], given: A.Expr[], span: A.Expr["span"]): void {
  if (params.length !== given.length) {
    cx.sink.error("E0305", span, { name, expected: params.length, found: given.length });
    given.forEach((a, i) => checkExpr(cx, b, a, params[i]));
    return;
  }
  given.forEach((a, i) => {
    const t = checkExpr(cx, b, a, params[i]);
    cx.expect(a.span, params[i]!, t);
  });
}

function noOptions(cx: Checker, e: A.CallExpr | A.MethodCallExpr): void {
  if (e.options) cx.sink.error("E0336", e.options.span);
}

function fnSig(cx: Checker, f: A.FnDecl): Sig {
  return { params: f.params.map((p) => cx.typeOf(p.type)), ret: f.returnType ? cx.typeOf(f.returnType) : UNIT };
}

export function checkCall(cx: Checker, b: Body, e: A.CallExpr, expected: Type | undefined): Type {
  const callee = e.callee;
  /** Gives up on the call (its reason already reported), still checking the arguments. */
  const bad = (reported: ErrorEmitted): Type => {
    for (const a of e.args) checkExpr(cx, b, a);
    return poisoned(reported);
  };
  if (callee.kind !== "PathExpr") {
    const t = checkExpr(cx, b, callee);
    return bad(t.kind === "error" ? t.because : cx.sink.error("E0306", callee.span, { type: show(t) }));
  }
  const ref = cx.program.values.get(callee);
  const name = callee.path.segments.map((s) => s.text).join("::");
  if (!ref) return bug(`callee \`${name}\` left unbound by resolve/`);
  const target = (t: CallTarget) => cx.call(e, t);
  switch (ref.kind) {
    case "item": {
      const sym = ref.sym;
      if (sym.kind === "fn") {
        noOptions(cx, e);
        const sig = fnSig(cx, sym.decl);
        args(cx, b, name, sig.params, e.args, e.span);
        target({ kind: "free", decl: sym.decl });
        return sig.ret;
      }
      if (sym.kind === "interface") {
        noOptions(cx, e);
        args(cx, b, name, [ADDRESS], e.args, e.span);
        target({ kind: "interfaceCast", iface: sym.decl });
        return { kind: "interface", name: sym.name, decl: sym.decl };
      }
      return bad(cx.sink.error("E0306", callee.span, { type: `${sym.kind} ${name}` }));
    }
    case "variant": {
      noOptions(cx, e);
      const v = ref.variant;
      target({ kind: "variant", variant: v });
      if (v.kind === "option") {
        if (v.name === "None") {
          return bad(cx.sink.error("E0306", callee.span, { type: "None" }, { hints: ["`None` has no payload: write `None`"] }));
        }
        const inner = expected?.kind === "option" ? expected.inner : undefined;
        if (e.args.length !== 1) {
          return bad(cx.sink.error("E0305", e.span, { name, expected: 1, found: e.args.length }));
        }
        const t = checkExpr(cx, b, e.args[0]!, inner);
        if (inner) cx.expect(e.args[0]!.span, inner, t);
        return { kind: "option", inner: inner ?? t };
      }
      if (v.kind === "result") {
        if (e.args.length !== 1) {
          return bad(cx.sink.error("E0305", e.span, { name, expected: 1, found: e.args.length }));
        }
        if (expected?.kind !== "result") {
          checkExpr(cx, b, e.args[0]!);
          if (expected?.kind === "error") return expected;
          return poisoned(cx.sink.error("E0314", e.span, { what: `\`${name}(…)\`` }));
        }
        const want = v.name === "Ok" ? expected.ok : expected.err;
        cx.expect(e.args[0]!.span, want, checkExpr(cx, b, e.args[0]!, want));
        return expected;
      }
      const payload = v.variant.payload;
      const enumT: Type = { kind: "enum", name: v.sym.name, decl: v.sym.decl };
      if (payload?.kind !== "TuplePayload") {
        return bad(cx.sink.error("E0306", callee.span, { type: name }, {
          hints: payload ? [`build it with fields: \`${name} { … }\``] : [`\`${name}\` has no payload: write \`${name}\``],
        }));
      }
      args(cx, b, name, payload.types.map((t) => cx.typeOf(t)), e.args, e.span);
      return enumT;
    }
    case "builtin": {
      noOptions(cx, e);
      if (ref.name === "abi_encode") {
        // Variadic: the canonical ABI encoding (DESIGN.md §4) of its arguments, concatenated.
        for (const a of e.args) {
          const t = checkExpr(cx, b, a);
          if (t.kind === "map" || t.kind === "interface" || t.kind === "callError") {
            cx.sink.error("E0301", a.span, { expected: "an ABI-encodable value", found: show(t) });
          }
        }
        target({ kind: "builtin", name: ref.name });
        return BYTES;
      }
      const sig = BUILTIN_FNS[ref.name];
      if (!sig) {
        return bad(cx.sink.error("E0306", callee.span, { type: ref.name }));
      }
      if (ref.name === "transfer" && b.isView) cx.sink.error("E0403", e.span, { fn: b.name });
      // Byte-string parameters (hash inputs, the signed message) also take `string` and
      // `bytes32`, which are byte strings too; other parameters must match exactly.
      if (sig.params.length === e.args.length) {
        e.args.forEach((a, i) => {
          const want = sig.params[i]!;
          const t = checkExpr(cx, b, a, want);
          if (want.kind === "bytes") {
            if (t.kind !== "bytes" && t.kind !== "string" && t.kind !== "bytes32" && t.kind !== "error") {
              cx.sink.error("E0301", a.span, { expected: "bytes", found: show(t) });
            }
          } else cx.expect(a.span, want, t);
        });
      } else args(cx, b, ref.name, sig.params, e.args, e.span);
      target({ kind: "builtin", name: ref.name });
      return sig.ret;
    }
    case "local":
    case "member": {
      const t = ref.kind === "local" ? cx.out.localTypes.get(ref.local) : undefined;
      return bad(cx.sink.error("E0306", callee.span, { type: t ? show(t) : ref.kind === "member" ? `${ref.sym.kind} ${name}` : name }, {
        hints: ref.kind === "member" && ref.sym.kind === "event" ? [`emit it: \`emit ${name} { … };\``] : [],
      }));
    }
  }
}

const INT_METHODS: Record<string, "same" | "option"> = {
  wrapping_add: "same", wrapping_sub: "same", wrapping_mul: "same",
  saturating_add: "same", saturating_sub: "same", saturating_mul: "same",
  checked_add: "option", checked_sub: "option", checked_mul: "option", checked_div: "option",
};

export function checkMethodCall(cx: Checker, b: Body, e: A.MethodCallExpr, _expected: Type | undefined): Type {
  const m = e.method.text;
  const rest = (reported: ErrorEmitted): Type => {
    for (const a of e.args) checkExpr(cx, b, a);
    return poisoned(reported);
  };
  // self.f(…): an internal call to this contract's (or a composed component's) function.
  if (e.receiver.kind === "SelfExpr") {
    if (!b.view) return bug("`self` outside a contract passed resolve/ (E0213)");
    const f = b.view.fns.get(m);
    if (!f) {
      const hints = didYouMeanHint(m, b.view.fns.keys());
      if (b.view.storage.has(m)) hints.push(`\`${m}\` is a storage field: read it with \`self.${m}\``);
      return rest(cx.sink.error("E0219", e.method.span, { name: m, owner: b.view.owner.name }, { hints }));
    }
    noOptions(cx, e);
    if (b.isView && !f.decl.view) {
      cx.sink.error("E0404", e.span, { fn: b.name, callee: m }, { related: [{ span: f.decl.name.span, message: `\`${m}\` is not \`view\`` }] });
    }
    const sig = fnSig(cx, f.decl);
    args(cx, b, m, sig.params, e.args, e.span);
    cx.call(e, { kind: "self", fn: f });
    return sig.ret;
  }
  // gas.left()
  if (e.receiver.kind === "PathExpr") {
    const ref = cx.program.values.get(e.receiver);
    if (ref?.kind === "builtin") {
      noOptions(cx, e);
      if (ref.name === "gas" && m === "left") {
        args(cx, b, "gas.left", [], e.args, e.span);
        cx.call(e, { kind: "builtin", name: "gas.left" });
        return U64;
      }
      return rest(cx.sink.error("E0331", e.method.span, { base: ref.name, name: m }, { hints: ref.name === "gas" ? didYouMeanHint(m, ["left"]) : [] }));
    }
  }
  const rt = checkExpr(cx, b, e.receiver);
  if (rt.kind === "error") return rest(rt.because);
  if (rt.kind === "interface") return external(cx, b, e, rt);
  noOptions(cx, e);
  const method = (params: Type[], ret: Type, mutates = false): Type => {
    if (mutates) checkPlaceMutation(cx, b, e.receiver, e.span, true);
    args(cx, b, m, params, e.args, e.span);
    cx.call(e, { kind: "method", name: m, receiver: rt });
    return ret;
  };
  switch (rt.kind) {
    case "int":
    case "intvar": {
      const kind = INT_METHODS[m];
      if (kind) return method([rt], kind === "same" ? rt : { kind: "option", inner: rt });
      break;
    }
    case "vec":
      if (m === "len") return method([], U32);
      if (m === "push") return method([rt.elem], UNIT, true);
      if (m === "pop") return method([], { kind: "option", inner: rt.elem }, true);
      break;
    case "array":
    case "bytes":
    case "string":
      if (m === "len") return method([], U32);
      break;
    case "map":
      if (m === "contains") return method([rt.key], BOOL);
      if (m === "remove") {
        // A nested map's entries live under longer keys that nothing enumerates, so one removal
        // cannot clear them (Solidity refuses `delete` of a mapping for the same reason).
        if (rt.value.kind === "map") {
          cx.sink.error("E0338", e.span, { value: show(rt.value) }, { hints: ["remove the inner entries one by one: `m[k].remove(k2)`"] });
        }
        return method([rt.key], UNIT, true);
      }
      break;
    case "option":
      if (m === "is_some" || m === "is_none") return method([], BOOL);
      if (m === "unwrap_or") return method([rt.inner], rt.inner);
      break;
    case "result":
      if (m === "is_ok" || m === "is_err") return method([], BOOL);
      break;
    default:
      break;
  }
  const known: Record<string, string[]> = {
    int: Object.keys(INT_METHODS), intvar: Object.keys(INT_METHODS), vec: ["len", "push", "pop"], array: ["len"], bytes: ["len"], string: ["len"],
    map: ["contains", "remove"], option: ["is_some", "is_none", "unwrap_or"], result: ["is_ok", "is_err"],
  };
  return rest(cx.sink.error("E0313", e.method.span, { name: m, type: show(rt) }, { hints: didYouMeanHint(m, known[rt.kind] ?? []) }));
}

/** `I(addr).f(args) with { gas, value }`. */
function external(cx: Checker, b: Body, e: A.MethodCallExpr, iface: Type & { kind: "interface" }): Type {
  const m = e.method.text;
  const f = iface.decl.fns.find((x) => x.name.text === m);
  if (!f) {
    const reported = cx.sink.error("E0313", e.method.span, { name: m, type: iface.name }, { hints: didYouMeanHint(m, iface.decl.fns.map((x) => x.name.text)) });
    for (const a of e.args) checkExpr(cx, b, a);
    return poisoned(reported);
  }
  const sig = fnSig(cx, f);
  args(cx, b, m, sig.params, e.args, e.span);
  const target: CallTarget & { kind: "external" } = { kind: "external", iface: iface.decl, fn: f, isTry: false };
  for (const o of e.options?.fields ?? []) {
    const n = o.name.text;
    if (n === "gas" || n === "value") {
      const want: IntType = (n === "gas" ? U64 : U256) as IntType;
      cx.expect(o.value.span, want, checkExpr(cx, b, o.value, want));
      target[n] = o.value;
      if (n === "value" && b.isView) cx.sink.error("E0410", o.span, { fn: b.name });
    } else {
      checkExpr(cx, b, o.value);
      cx.sink.error("E0321", o.name.span, { name: n }, { hints: didYouMeanHint(n, ["gas", "value"]) });
    }
  }
  if (b.isView && !f.view) {
    cx.sink.error("E0404", e.span, { fn: b.name, callee: `${iface.name}.${m}` }, {
      related: [{ span: f.name.span, message: "declared without `view` here" }],
    });
  }
  if (!b.reentrant && b.kind !== "invariant" && callsSelf(e.receiver)) {
    cx.sink.error("E0408", e.span, { fn: b.name }, {
      hints: ["the VM denies re-entering a contract that is on the call stack; call the function directly with `self.f(…)`, or mark the entry point `#[reentrant]`"],
    });
  }
  cx.call(e, target);
  return sig.ret;
}

/** `I(self.address)`: statically a call back into this contract. */
function callsSelf(receiver: A.Expr): boolean {
  return receiver.kind === "CallExpr" && receiver.args.length === 1 &&
    receiver.args[0]!.kind === "FieldExpr" && receiver.args[0]!.target.kind === "SelfExpr" &&
    receiver.args[0]!.field.text === "address";
}

