// The Silk grammar: statements and blocks (see ../parser.ts).

import { adjacent } from "./base.js";
import { ExpressionRules } from "./expr.js";
import * as T from "../tokens.js";

export abstract class StatementRules extends ExpressionRules {
  // ---- statements -------------------------------------------------------------------------

  public override block = this.RULE("block", () => {
    this.CONSUME(T.LCurly);
    this.nested(() => this.MANY(() => this.SUBRULE(this.stmt)));
    this.CONSUME(T.RCurly);
  });

  public override stmt = this.RULE("stmt", () => {
    this.OR((this.stmtAlts ??= {
      // `if`/`match`/`{` start both a block-like statement and an expression; the block-like
      // reading wins so `if c { } (a, b) = f();` is two statements, as in Rust.
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.letStmt) },
        { ALT: () => this.SUBRULE(this.whileStmt) },
        { ALT: () => this.SUBRULE(this.forStmt) },
        { ALT: () => this.SUBRULE(this.breakStmt) },
        { ALT: () => this.SUBRULE(this.continueStmt) },
        { ALT: () => this.SUBRULE(this.returnStmt) },
        { ALT: () => this.SUBRULE(this.emitStmt) },
        { ALT: () => this.SUBRULE(this.revertStmt) },
        { ALT: () => this.SUBRULE(this.requireStmt) },
        { ALT: () => this.SUBRULE(this.assertStmt) },
        { ALT: () => this.SUBRULE(this.blockLikeStmt) },
        { ALT: () => this.SUBRULE(this.exprStmt) },
      ],
    }));
  });

  public override letStmt = this.RULE("letStmt", () => {
    this.CONSUME(T.Let);
    this.SUBRULE(this.pattern);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.type);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Eq);
      this.SUBRULE(this.expr);
    });
    this.CONSUME(T.Semi);
  });

  public override whileStmt = this.RULE("whileStmt", () => {
    this.CONSUME(T.While);
    this.SUBRULE(this.headExpr);
    this.SUBRULE(this.block);
  });

  public override forStmt = this.RULE("forStmt", () => {
    this.CONSUME(T.For);
    this.SUBRULE(this.pattern);
    this.CONSUME(T.In);
    this.SUBRULE(this.headExpr);
    this.OPTION(() => {
      this.OR((this.forStmtAlts ??= [
        { ALT: () => this.CONSUME(T.DotDot) },
        { ALT: () => this.CONSUME(T.DotDotEq) },
      ]));
      this.SUBRULE2(this.headExpr);
    });
    this.SUBRULE(this.block);
  });

  public override breakStmt = this.RULE("breakStmt", () => {
    this.CONSUME(T.Break);
    this.CONSUME(T.Semi);
  });

  public override continueStmt = this.RULE("continueStmt", () => {
    this.CONSUME(T.Continue);
    this.CONSUME(T.Semi);
  });

  public override returnStmt = this.RULE("returnStmt", () => {
    this.CONSUME(T.Return);
    this.OPTION(() => this.SUBRULE(this.expr));
    this.CONSUME(T.Semi);
  });

  public override emitStmt = this.RULE("emitStmt", () => {
    this.CONSUME(T.Emit);
    this.SUBRULE(this.path);
    this.SUBRULE(this.structBody);
    this.CONSUME(T.Semi);
  });

  public override revertStmt = this.RULE("revertStmt", () => {
    this.CONSUME(T.Revert);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  public override requireStmt = this.RULE("requireStmt", () => {
    this.CONSUME(T.Require);
    this.SUBRULE(this.condArgs);
    this.CONSUME(T.Semi);
  });

  public override assertStmt = this.RULE("assertStmt", () => {
    this.CONSUME(T.Assert);
    this.SUBRULE(this.condArgs);
    this.CONSUME(T.Semi);
  });

  /** `(cond)` or `(cond, reason)` of require/assert. */
  public override condArgs = this.RULE("condArgs", () => {
    this.CONSUME(T.LParen);
    this.nested(() => {
      this.SUBRULE(this.expr);
      this.OPTION(() => {
        this.CONSUME(T.Comma);
        this.OPTION2(() => this.SUBRULE2(this.expr));
      });
    });
    this.CONSUME(T.RParen);
  });

  /** `if …`, `match …`, `{ … }` in statement position; a `;` after it is allowed. */
  public override blockLikeStmt = this.RULE("blockLikeStmt", () => {
    this.SUBRULE(this.blockLikeExpr);
    this.OPTION(() => this.CONSUME(T.Semi));
  });

  public override blockLikeExpr = this.RULE("blockLikeExpr", () => {
    this.OR((this.blockLikeExprAlts ??= [
      { ALT: () => this.SUBRULE(this.ifExpr) },
      { ALT: () => this.SUBRULE(this.matchExpr) },
      { ALT: () => this.SUBRULE(this.block) },
    ]));
  });

  /** `expr;`, `target op= value;`, or a block's tail `expr` (the visitor checks the `;`). */
  public override exprStmt = this.RULE("exprStmt", () => {
    this.SUBRULE(this.expr);
    this.OPTION(() => {
      this.SUBRULE(this.assignOperator);
      this.SUBRULE2(this.expr);
    });
    this.OPTION2(() => this.CONSUME(T.Semi));
  });

  public override assignOperator = this.RULE("assignOperator", () => {
    this.OR((this.assignOperatorAlts ??= [
      // `>>=` arrives as `>` `>=` (see tokens.ts).
      { GATE: () => adjacent(this.LA(1), this.LA(2)), ALT: () => {
        this.CONSUME(T.Gt);
        this.CONSUME(T.GtEq);
      } },
      { ALT: () => this.CONSUME(T.AssignOp) },
    ]));
  });
}
