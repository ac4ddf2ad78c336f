// Structural comparison of syntax trees "modulo spans": tests compare parse(format(ast)) with
// ast, and two parses of differently laid-out text, with this.

/** A deep copy of `node` without any `span` property. */
export function stripSpans<T>(node: T): T {
  if (Array.isArray(node)) return node.map((x) => stripSpans(x)) as T;
  if (node !== null && typeof node === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k !== "span") out[k] = stripSpans(v);
    }
    return out as T;
  }
  return node;
}
