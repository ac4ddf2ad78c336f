// The one catalogue of diagnostic codes. Every diagnostic any pass reports is made from an entry
// here: the code fixes the severity and the message template, so wording and severity stay
// consistent across passes and `docs/language.md` can list them all.
//
// Categories (the leading digits):
//   E00xx lexical · E01xx syntax · E02xx names/imports/resolution · E03xx types
//   E04xx effects (view purity, payable, reentrancy) · E05xx flow · W0xxx warnings
//   E9xxx internal compiler errors (always a bug in the compiler, never in the program)
//
// Templates use `{name}` placeholders, filled by `formatMessage`.

import type { Severity } from "./types.js";
import { SYNTAX_CODES } from "../syntax/codes.js";

export interface CodeInfo {
  severity: Severity;
  /** Short title, used in docs and as the fallback message. */
  title: string;
  /** Message template with `{placeholders}`. */
  template: string;
}

function e(title: string, template: string = title): CodeInfo & { severity: "error" } {
  return { severity: "error", title, template };
}
function w(title: string, template: string = title): CodeInfo & { severity: "warning" } {
  return { severity: "warning", title, template };
}

export const CATALOGUE = {
  // ---- E00xx lexical, E01xx syntax: owned by the syntax pass (compiler/syntax/codes.ts) --
  ...SYNTAX_CODES,

  // ---- E02xx names, imports, composition ---------------------------------------------------
  E0201: e("cannot find value", "cannot find value `{name}` in this scope"),
  E0202: e("duplicate definition", "the name `{name}` is defined more than once"),
  E0203: e("cannot find type", "cannot find type `{name}` in this scope"),
  E0204: e("unresolved module", "cannot find module `{path}`"),
  E0205: e("unresolved import", "module `{path}` has no item named `{name}`"),
  E0206: e("import cycle", "import cycle: {cycle}"),
  E0207: e("recursive type has infinite size", "recursive type `{name}` has infinite size"),
  E0208: e("not a component", "`{name}` is not a component"),
  E0209: e("not an interface", "`{name}` is not an interface"),
  E0210: e("conflicting composed members", "`{name}` is defined by both {a} and {b}"),
  E0211: e("cannot find event", "cannot find event `{name}`"),
  E0212: e("cannot find error", "cannot find error `{name}`"),
  E0213: e("`self` outside a contract", "`self` can only be used inside a contract or component"),
  E0214: e("wrong kind of name", "expected {expected}, found {found} `{name}`"),
  E0215: e("component used twice", "component `{name}` is used more than once in `{contract}`"),
  E0216: e("component cycle", "component `{name}` uses itself: {cycle}"),
  E0217: e("cannot find storage field", "no storage field `{name}` in `{contract}`"),
  E0218: e("cannot find variant", "enum `{enum}` has no variant `{name}`"),
  E0219: e("cannot find function", "no function `{name}` on `self` in `{owner}`"),
  E0220: e("component init with parameters", "the `init` of component `{name}` cannot take parameters; it runs automatically before the contract's `init`"),
  E0221: e("duplicate init", "`{name}` has more than one `init`"),

  // ---- E03xx types ------------------------------------------------------------------------
  E0301: e("mismatched types", "mismatched types: expected `{expected}`, found `{found}`"),
  E0302: e("integer literal out of range", "literal `{text}` does not fit in `{type}` (range {min}..={max})"),
  E0303: e("unknown field", "type `{type}` has no field `{name}`"),
  E0304: e("missing fields", "missing field(s) {names} in `{type}`"),
  E0305: e("wrong number of arguments", "`{name}` takes {expected} argument(s) but {found} were supplied"),
  E0306: e("not callable", "`{type}` is not a function and cannot be called"),
  E0307: e("invalid binary operation", "operator `{op}` cannot be applied to `{left}` and `{right}`"),
  E0308: e("invalid unary operation", "operator `{op}` cannot be applied to `{type}`"),
  E0309: e("cannot index", "type `{type}` cannot be indexed"),
  E0310: e("storage-only type outside storage", "`{type}` can only be used as a storage field type"),
  E0311: e("assignment to immutable", "cannot assign twice to immutable variable `{name}`"),
  E0312: e("invalid assignment target", "invalid left-hand side of assignment"),
  E0313: e("no such method", "no method `{name}` on type `{type}`"),
  E0314: e("type annotations needed", "cannot infer the type of {what}; add a type annotation"),
  E0315: e("missing interface function", "`{contract}` does not implement `{name}` from interface `{iface}`"),
  E0316: e("interface signature mismatch", "`{name}` does not match interface `{iface}`: {detail}"),
  E0317: e("non-exhaustive match", "non-exhaustive match: {missing} not covered"),
  E0318: e("mismatched pattern", "pattern does not match type `{type}`: {detail}"),
  E0319: e("invalid cast", "cannot cast `{from}` as `{to}`"),
  E0320: e("invalid `try`", "`try` can only be applied to an external contract call"),
  E0321: e("invalid call option", "unknown call option `{name}`; expected `gas` or `value`"),
  E0322: e("duplicate field", "field `{name}` is specified more than once"),
  E0323: e("non-constant initialiser", "the initialiser of const `{name}` is not a constant expression"),
  E0324: e("invalid map key", "`{type}` cannot be a map key; keys must be value types"),
  E0325: e("array length mismatch", "expected an array of {expected} element(s), found {found}"),
  E0326: e("not iterable", "`{type}` cannot be iterated with `for`"),
  E0327: e("missing return value", "`return` without a value in a function returning `{type}`"),
  E0328: e("unexpected return value", "this function returns nothing but `return` has a value"),
  E0329: e("invalid emit", "`{name}` is not an event"),
  E0330: e("invalid revert", "`{name}` is not an error"),
  E0331: e("unknown builtin member", "`{base}` has no member `{name}`"),
  E0332: e("mutation of immutable variable", "cannot mutate immutable variable `{name}`"),
  E0333: e("non-constant array length", "array length must be a constant non-negative integer"),
  E0334: e("wrong number of type arguments", "`{name}` takes {expected} type argument(s) but {found} were supplied"),
  E0335: e("not a value", "`{name}` is {what} and cannot be used as a value"),
  E0336: e("call options on a non-external call", "`with { … }` only applies to calls of another contract"),
  E0337: e("refutable pattern in `let`", "`let` needs a pattern that always matches; use `match` for {what}"),
  E0338: e("cannot remove a map of maps entry", "`remove` cannot delete an entry whose value is a `{value}`: its entries cannot be enumerated"),

  // ---- E04xx effects -----------------------------------------------------------------------
  E0401: e("storage write in view function", "cannot write storage in view function `{fn}`"),
  E0402: e("emit in view function", "cannot emit events in view function `{fn}`"),
  E0403: e("value transfer in view function", "cannot transfer value in view function `{fn}`"),
  E0404: e("non-view call in view function", "view function `{fn}` cannot call non-view `{callee}`"),
  E0405: e("`msg.value` in non-payable function", "`msg.value` is always zero in non-payable `{fn}`; mark it `payable`"),
  E0406: e("invalid `payable`", "`payable` is only allowed on `pub fn` and `init` that are not `view`: {detail}"),
  E0407: e("invalid `#[reentrant]`", "`#[reentrant]` is only allowed on non-view `pub fn`: {detail}"),
  E0408: e("self re-entrant call", "`{fn}` calls this contract through an interface but is not `#[reentrant]`"),
  E0409: e("unknown attribute", "unknown attribute `#[{name}]`"),
  E0410: e("value attached in view function", "cannot attach `value` to a call in view function `{fn}`"),

  // ---- E05xx flow --------------------------------------------------------------------------
  E0501: e("use of possibly unassigned variable", "variable `{name}` is used before it is assigned on every path"),
  E0502: e("missing return", "function `{fn}` must return `{type}` on every path"),
  E0503: e("`break` outside a loop"),
  E0504: e("`continue` outside a loop"),
  E0505: e("`return` in invariant", "invariant bodies are expressions and cannot `return`"),

  // ---- W0xxx warnings ----------------------------------------------------------------------
  W0001: w("unused variable", "unused variable `{name}`"),
  W0002: w("unreachable code"),
  W0003: w("unused import", "unused import `{name}`"),
  W0004: w("variable does not need to be mutable", "variable `{name}` is declared `mut` but never reassigned"),
  W0005: w("unreachable match arm", "unreachable match arm: earlier arms already cover it"),
  W0006: w("unused private function", "function `{name}` is never used"),

  // ---- E9xxx internal ------------------------------------------------------------------------
  E9001: e("internal compiler error", "internal compiler error in {pass}: {detail} (this is a bug in silkc; please report it)"),
  E9002: e("cannot read file", "cannot read `{path}`: {detail}"),
  E9003: e("not supported by the back end yet", "{detail} is not supported by the back end yet (the front end accepts it; code generation for it is still to come)"),
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CATALOGUE;

export function isCode(code: string): code is Code {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, code);
}

export type MessageArgs = Record<string, string | number | bigint>;

/** Fills a template's `{name}` placeholders; an unfilled one is left visible to be caught by tests. */
export function formatMessage(code: Code, args: MessageArgs = {}): string {
  return CATALOGUE[code].template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in args ? String(args[key]) : whole,
  );
}
