// `silk fmt`: prints a SourceFile in the one canonical style — 4-space indent, one item, member,
// field, statement or match arm per line, trailing commas in multi-line lists, a blank line
// between items, blank lines elsewhere kept (at most one) when the source is given.
//
// Comments: `///` docs are in the AST. Every other comment is placed before the first node
// that starts after it, at that node's indentation — or, if nothing but spaces separated it
// from the code before it in the source, at the end of the line just printed ("trailing").
// A comment inside an expression therefore moves to the end of its statement's line; it is
// never dropped, and a second run leaves it where the first put it (idempotence).

import type * as A from "../ast/ast.js";
import type { Comment } from "../syntax/lex.js";
import { ExprPrinter, isBlockLike, leftmost, pathStr, patternStr, quoteString, typeStr, type Blocks } from "./expr.js";

const INDENT = "    ";
/** Event and error declarations stay on one line up to this width (as in LANGUAGE.md). */
const ONE_LINE_WIDTH = 100;

export function format(ast: A.SourceFile, comments: readonly Comment[] = [], source?: string): string {
  return new Printer(comments, source).file(ast);
}

interface Spanned {
  span: A.Span;
}

class Printer implements Blocks {
  private next = 0;
  private lastEnd = 0;
  private depth = 0;
  private readonly ep = new ExprPrinter(this);

  constructor(
    private readonly comments: readonly Comment[],
    private readonly source: string | undefined,
  ) {}

  private ind(): string {
    return INDENT.repeat(this.depth);
  }

  // ---- comments and blank lines --------------------------------------------------------------

  /** Keeps one blank line where the source had at least one between the last output and `pos`. */
  private gap(out: string[], pos: number): void {
    if (this.source === undefined || out.length === 0 || out[out.length - 1] === "") return;
    if (/\n[ \t]*\r?\n/.test(this.source.slice(this.lastEnd, pos))) out.push("");
  }

  private flush(out: string[], pos: number): void {
    while (this.next < this.comments.length && this.comments[this.next]!.span.start < pos) {
      const c = this.comments[this.next++]!;
      const text = c.text.replace(/[ \t\r]+$/, "");
      const between = this.source?.slice(this.lastEnd, c.span.start) ?? "\n";
      if (out.length > 0 && out[out.length - 1] !== "" && !between.includes("\n")) {
        out[out.length - 1] += " " + text;
      } else {
        this.gap(out, c.span.start);
        out.push(this.ind() + text);
      }
      this.lastEnd = Math.max(this.lastEnd, c.span.end);
    }
  }

  /** Prints nodes one per line with their leading comments and kept blank lines. */
  private seq<T extends Spanned>(out: string[], nodes: readonly T[], print: (n: T) => string): void {
    for (const n of nodes) {
      this.flush(out, n.span.start);
      this.gap(out, n.span.start);
      out.push(this.ind() + print(n));
      this.lastEnd = Math.max(this.lastEnd, n.span.end);
    }
  }

  /** `header {` + body lines + `}`; `header {}` when empty. */
  private braced(header: string, span: A.Span, body: (out: string[]) => void): string {
    this.lastEnd = Math.max(this.lastEnd, span.start);
    this.depth++;
    const out: string[] = [];
    body(out);
    this.flush(out, span.end);
    this.depth--;
    this.lastEnd = Math.max(this.lastEnd, span.end);
    if (out.length === 0) return `${header} {}`;
    return `${header} {\n${out.join("\n")}\n${this.ind()}}`;
  }

  // ---- file, items, members ------------------------------------------------------------------

  file(f: A.SourceFile): string {
    const out: string[] = [];
    this.seq(out, f.imports, (i) => {
      const names = i.names.map((n) => (n.alias ? `${n.name.text} as ${n.alias.text}` : n.name.text));
      return `import { ${names.join(", ")} } from ${quoteString(i.from)};`;
    });
    for (const item of f.items) {
      if (out.length > 0 && out[out.length - 1] !== "") out.push("");
      this.seq(out, [item], (it) => this.item(it));
    }
    this.flush(out, Infinity);
    return out.length === 0 ? "" : out.join("\n") + "\n";
  }

  /** `///` docs and `#[attributes]`, each on its own line above the declaration. */
  private decorated(d: { docs: string[]; attributes: A.Attribute[] }, main: string): string {
    const lines = [...d.docs.map((l) => "///" + l.replace(/[ \t\r]+$/, "")), ...d.attributes.map(attrStr)];
    return lines.map((l) => l + "\n" + this.ind()).join("") + main;
  }

  private item(it: A.Item | A.ContractMember): string {
    return this.decorated(it, this.itemBody(it));
  }

  private itemBody(it: A.Item | A.ContractMember): string {
    switch (it.kind) {
      case "ContractDecl": {
        const impl = it.implements.length ? ": " + it.implements.map(pathStr).join(", ") : "";
        return this.braced(`contract ${it.name.text}${impl}`, it.span, (out) => this.seq(out, it.members, (m) => this.item(m)));
      }
      case "ComponentDecl":
        return this.braced(`component ${it.name.text}`, it.span, (out) => this.seq(out, it.members, (m) => this.item(m)));
      case "InterfaceDecl":
        return this.braced(`interface ${it.name.text}`, it.span, (out) => this.seq(out, it.fns, (m) => this.item(m)));
      case "StructDecl":
        return this.braced(`struct ${it.name.text}`, it.span, (out) => this.fieldLines(out, it.fields));
      case "StorageDecl":
        return this.braced("storage", it.span, (out) => this.fieldLines(out, it.fields));
      case "EnumDecl":
        return this.braced(`enum ${it.name.text}`, it.span, (out) =>
          this.seq(out, it.variants, (v) => this.decorated(v, this.variant(v)) + ","),
        );
      case "EventDecl":
      case "ErrorDecl":
        return this.eventOrError(it.kind === "EventDecl" ? "event" : "error", it);
      case "ConstDecl":
        return `const ${it.name.text}: ${typeStr(it.type, this.ep)} = ${this.ep.expr(it.value)};`;
      case "TypeAliasDecl":
        return `type ${it.name.text} = ${typeStr(it.type, this.ep)};`;
      case "UseDecl":
        return `use ${pathStr(it.component)};`;
      case "InvariantDecl":
        return `invariant ${it.name.text}(${this.params(it.params)}) ${this.block(it.body)}`;
      case "InitDecl":
        return `${it.payable ? "payable " : ""}init(${this.params(it.params)}) ${this.block(it.body)}`;
      case "FnDecl": {
        const mods = (it.isPub ? "pub " : "") + (it.view ? "view " : "") + (it.payable ? "payable " : "");
        const ret = it.returnType ? ` -> ${typeStr(it.returnType, this.ep)}` : "";
        const sig = `${mods}fn ${it.name.text}(${this.params(it.params)})${ret}`;
        return it.body ? `${sig} ${this.block(it.body)}` : `${sig};`;
      }
    }
  }

  private params(ps: A.Param[]): string {
    return ps.map((p) => `${p.name.text}: ${typeStr(p.type, this.ep)}`).join(", ");
  }

  private field(f: A.FieldDecl): string {
    const attrs = f.attributes.map((a) => attrStr(a) + " ").join("");
    return `${attrs}${f.name.text}: ${typeStr(f.type, this.ep)}`;
  }

  private fieldLines(out: string[], fields: A.FieldDecl[]): void {
    this.seq(out, fields, (f) => this.decorated({ docs: f.docs, attributes: [] }, this.field(f)) + ",");
  }

  private variant(v: A.VariantDecl): string {
    const p = v.payload;
    if (!p) return v.name.text;
    if (p.kind === "TuplePayload") return `${v.name.text}(${p.types.map((t) => typeStr(t, this.ep)).join(", ")})`;
    if (p.fields.length === 0) return `${v.name.text} {}`;
    return `${v.name.text} { ${p.fields.map((f) => this.field(f)).join(", ")} }`;
  }

  private eventOrError(word: string, d: A.EventDecl | A.ErrorDecl): string {
    const head = `${word} ${d.name.text}`;
    if (d.fields.length === 0) return `${head};`;
    const oneLine = `${head} { ${d.fields.map((f) => this.field(f)).join(", ")} }`;
    const hasComment = this.next < this.comments.length && this.comments[this.next]!.span.start < d.span.end;
    const fits = this.ind().length + oneLine.length <= ONE_LINE_WIDTH;
    if (fits && !hasComment && d.fields.every((f) => f.docs.length === 0)) {
      this.lastEnd = Math.max(this.lastEnd, d.span.end);
      return oneLine;
    }
    return this.braced(head, d.span, (out) => this.fieldLines(out, d.fields));
  }

  // ---- blocks and statements -----------------------------------------------------------------

  block(b: A.Block): string {
    return this.braced("", b.span, (out) => {
      this.seq(out, b.stmts, (s) => this.stmt(s));
      if (b.tail) {
        const tail = b.tail;
        this.seq(out, [tail], (t) => this.stmtExpr(t));
      }
    }).slice(1);
  }

  arms(m: A.MatchExpr): string {
    return this.braced("", m.span, (out) =>
      this.seq(out, m.arms, (a) => {
        const guard = a.guard ? ` if ${this.ep.expr(a.guard)}` : "";
        const body = isBlockLike(a.body) ? this.ep.expr(a.body) : this.stmtExpr(a.body) + ",";
        return `${patternStr(a.pattern)}${guard} => ${body}`;
      }),
    ).slice(1);
  }

  /** An expression where a block-like start would end it early: parenthesised if needed. */
  private stmtExpr(e: A.Expr): string {
    const s = this.ep.expr(e);
    return !isBlockLike(e) && isBlockLike(leftmost(e)) ? `(${s})` : s;
  }

  private stmt(s: A.Stmt): string {
    const ep = this.ep;
    switch (s.kind) {
      case "LetStmt": {
        const ty = s.type ? `: ${typeStr(s.type, ep)}` : "";
        const init = s.init ? ` = ${ep.expr(s.init)}` : "";
        return `let ${patternStr(s.pattern)}${ty}${init};`;
      }
      case "AssignStmt":
        // `{ … } = x` would read as a block statement: any block-like start needs parentheses.
        return `${isBlockLike(leftmost(s.target)) ? `(${ep.expr(s.target)})` : ep.expr(s.target)} ${s.op} ${ep.expr(s.value)};`;
      case "ExprStmt":
        return this.stmtExpr(s.expr) + (s.semi ? ";" : "");
      case "WhileStmt":
        return `while ${ep.head(s.cond)} ${this.block(s.body)}`;
      case "ForStmt":
        // A range is not an expression that parentheses could wrap; its ends are heads.
        const iter = s.iter.kind === "RangeExpr" ? ep.expr(s.iter) : ep.head(s.iter);
        return `for ${patternStr(s.binding)} in ${iter} ${this.block(s.body)}`;
      case "BreakStmt":
        return "break;";
      case "ContinueStmt":
        return "continue;";
      case "ReturnStmt":
        return s.value ? `return ${ep.expr(s.value)};` : "return;";
      case "EmitStmt":
        return `emit ${pathStr(s.event)} ${ep.fields(s.fields)};`;
      case "RevertStmt":
        return `revert ${ep.expr(s.reason)};`;
      case "RequireStmt":
        return `require(${ep.expr(s.cond)}${s.reason ? ", " + ep.expr(s.reason) : ""});`;
      case "AssertStmt":
        return `assert(${ep.expr(s.cond)}${s.message ? ", " + ep.expr(s.message) : ""});`;
    }
  }
}

function attrStr(a: A.Attribute): string {
  return a.args.length ? `#[${a.name.text}(${a.args.map((x) => x.text).join(", ")})]` : `#[${a.name.text}]`;
}
