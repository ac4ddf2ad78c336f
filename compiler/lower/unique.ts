// Which `let` locals of a function body may have their elements written in place.
//
// Memory values are immutable (lower/ast.ts): writing `a[i] = x` normally copies the whole
// array first, so that any alias of the old value keeps seeing it — O(size) per element write.
// A local needs no copy when no alias of its buffer can exist: it holds a fixed array of scalar
// items (the caller decides which locals are candidates), every value ever assigned to it is a
// fresh literal (`[x; N]`, `[a, b]`), and the function only ever indexes it, calls
// `len`/`push`/`pop` on it, or assigns a fresh literal to it. Then the buffer is never shared (no `let b = a`, no argument, no return,
// no `for x in a`, no comparison), and writing in place cannot be observed. Items must be scalars
// (≤ 64-bit integers, bool): reading a memory item yields a pointer into the array, an alias.

import type * as A from "../ast/ast.js";
import type { Local as SilkLocal } from "../resolve/ast.js";
import type { TypedProgram } from "../check/ast.js";

type Node = { kind: string } & Record<string, unknown>;

const fresh = (e: A.Expr | undefined): boolean => e !== undefined && (e.kind === "ArrayRepeat" || e.kind === "ArrayLit");

/**
 * The locals of `body` that are candidates (`candidate(local)`, e.g. an array of scalar items)
 * and used only as described above.
 */
export function uniqueLocals(program: TypedProgram, body: A.Block, candidate: (l: SilkLocal) => boolean): Set<SilkLocal> {
  const ok = new Set<SilkLocal>();
  const bad = new Set<SilkLocal>();
  const localOf = (e: unknown): SilkLocal | undefined => {
    if (!e || (e as Node).kind !== "PathExpr") return undefined;
    const ref = program.resolved.values.get(e as A.PathExpr);
    return ref?.kind === "local" ? ref.local : undefined;
  };
  const visit = (n: unknown, parent: Node | undefined, key: string): void => {
    if (Array.isArray(n)) {
      for (const x of n) visit(x, parent, key);
      return;
    }
    if (!n || typeof n !== "object" || typeof (n as Node).kind !== "string") return;
    const node = n as Node;
    if (node.kind === "LetStmt") {
      const s = node as unknown as A.LetStmt;
      if (s.pattern.kind === "IdentPattern") {
        const l = program.resolved.locals.get(s.pattern);
        if (l && candidate(l)) (s.init === undefined || fresh(s.init) ? ok : bad).add(l);
      }
    }
    const l = localOf(node);
    if (l) {
      const allowed =
        (parent?.kind === "IndexExpr" && key === "target") ||
        (parent?.kind === "MethodCallExpr" && key === "receiver" && ["len", "push", "pop"].includes((parent as unknown as A.MethodCallExpr).method.text)) ||
        (parent?.kind === "AssignStmt" && key === "target" && (parent as unknown as A.AssignStmt).op === "=" && fresh((parent as unknown as A.AssignStmt).value));
      if (!allowed) bad.add(l);
      return;
    }
    for (const k of Object.keys(node)) if (k !== "span") visit(node[k], node, k);
  };
  visit(body, undefined, "");
  for (const l of bad) ok.delete(l);
  return ok;
}
