// The Silk grammar: expressions (see ../parser.ts).

import { adjacent } from "./base.js";
import { PatternRules } from "./patterns.js";
import * as T from "../tokens.js";

export abstract class ExpressionRules extends PatternRules {
  // ---- expressions ------------------------------------------------------------------------

  /** An expression in an `if`/`while`/`for`/`match` head: no bare struct literals. */
  public override headExpr = this.RULE("headExpr", () => {
    let saved = false;
    this.ACTION(() => {
      saved = this.noStruct;
      this.noStruct = true;
    });
    this.SUBRULE(this.expr);
    this.ACTION(() => {
      this.noStruct = saved;
    });
  });

  /** Operands and operators, flat; the visitor climbs precedence (BINARY_PRECEDENCE). */
  public override expr = this.RULE("expr", () => {
    this.SUBRULE(this.castExpr);
    this.MANY({ GATE: this.binaryOpAhead, DEF: () => {
      this.SUBRULE(this.binaryOperator);
      this.SUBRULE2(this.castExpr);
    } });
  });

  /** A binary operator follows — but not the `>` of `>>=`, which is an assignment. */
  protected binaryOpAhead = (): boolean => {
    const a = this.LA(1);
    if (a.tokenType === T.Gt) {
      const b = this.LA(2);
      if (b.tokenType === T.GtEq && adjacent(a, b)) return false;
      if (b.tokenType === T.Gt && adjacent(a, b)) {
        const c = this.LA(3);
        if (c.tokenType === T.GtEq && adjacent(b, c)) return false;
      }
    }
    return true;
  };

  public override binaryOperator = this.RULE("binaryOperator", () => {
    this.CONSUME(T.BinaryOp);
    // `>>` arrives as two adjacent `>`.
    this.OPTION({
      GATE: () => this.LA(0).tokenType === T.Gt && adjacent(this.LA(0), this.LA(1)),
      DEF: () => this.CONSUME(T.Gt),
    });
  });

  public override castExpr = this.RULE("castExpr", () => {
    this.SUBRULE(this.prefixExpr);
    this.MANY(() => {
      this.CONSUME(T.As);
      this.SUBRULE(this.type);
    });
  });

  public override prefixExpr = this.RULE("prefixExpr", () => {
    this.OR((this.prefixExprAlts ??= [
      { ALT: () => {
        this.OR2((this.prefixExprOps ??= [
          { ALT: () => this.CONSUME(T.Bang) },
          { ALT: () => this.CONSUME(T.Minus) },
          { ALT: () => this.CONSUME(T.Try) },
        ]));
        this.SUBRULE(this.prefixExpr);
      } },
      { ALT: () => this.SUBRULE(this.postfixExpr) },
    ]));
  });

  public override postfixExpr = this.RULE("postfixExpr", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.postfixOp));
    this.OPTION(() => this.SUBRULE(this.callOptions));
  });

  public override postfixOp = this.RULE("postfixOp", () => {
    this.OR((this.postfixOpAlts ??= [
      { ALT: () => {
        this.CONSUME(T.Dot);
        this.OR2((this.postfixOpMembers ??= [
          { ALT: () => this.CONSUME(T.Identifier) },
          { ALT: () => this.CONSUME(T.IntLit) },
        ]));
      } },
      { ALT: () => this.SUBRULE(this.callArgs) },
      { ALT: () => {
        this.CONSUME(T.LBracket);
        this.nested(() => this.SUBRULE(this.expr));
        this.CONSUME(T.RBracket);
      } },
    ]));
  });

  public override callArgs = this.RULE("callArgs", () => {
    this.CONSUME(T.LParen);
    this.nested(() => this.OPTION(() => this.SUBRULE(this.exprList)));
    this.CONSUME(T.RParen);
  });

  public override callOptions = this.RULE("callOptions", () => {
    this.CONSUME(T.With);
    this.SUBRULE(this.structBody);
  });

  public override exprList = this.RULE("exprList", () => {
    this.SUBRULE(this.expr);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public override primary = this.RULE("primary", () => {
    this.OR((this.primaryAlts ??= [
      { ALT: () => this.CONSUME(T.IntLit) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => this.CONSUME(T.HexBytesLit) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Self) },
      { ALT: () => this.SUBRULE(this.pathOrStruct) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.arrayExpr) },
      { ALT: () => this.SUBRULE(this.blockLikeExpr) },
    ]));
  });

  public override pathOrStruct = this.RULE("pathOrStruct", () => {
    this.SUBRULE(this.path);
    this.OPTION({ GATE: () => !this.noStruct, DEF: () => this.SUBRULE(this.structBody) });
  });

  /** `{ a, b: 1 }` of a struct literal, `emit`, or call options. */
  public override structBody = this.RULE("structBody", () => {
    this.CONSUME(T.LCurly);
    this.nested(() => {
      this.OPTION(() => {
        this.SUBRULE(this.fieldInit);
        this.MANY({ GATE: this.moreAfterComma, DEF: () => {
          this.CONSUME(T.Comma);
          this.SUBRULE2(this.fieldInit);
        } });
        this.OPTION2(() => this.CONSUME2(T.Comma));
      });
    });
    this.CONSUME(T.RCurly);
  });

  public override fieldInit = this.RULE("fieldInit", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.expr);
    });
  });

  public override parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(T.LParen);
    this.nested(() => this.OPTION(() => this.SUBRULE(this.exprList)));
    this.CONSUME(T.RParen);
  });

  public override arrayExpr = this.RULE("arrayExpr", () => {
    this.CONSUME(T.LBracket);
    this.nested(() => {
      this.OPTION(() => {
        this.SUBRULE(this.expr);
        this.OR((this.arrayExprAlts ??= [
          { ALT: () => {
            this.CONSUME(T.Semi);
            this.SUBRULE2(this.expr);
          } },
          { ALT: () => {
            this.MANY({ GATE: this.moreAfterComma, DEF: () => {
              this.CONSUME(T.Comma);
              this.SUBRULE3(this.expr);
            } });
            this.OPTION2(() => this.CONSUME2(T.Comma));
          } },
        ]));
      });
    });
    this.CONSUME(T.RBracket);
  });

  public override ifExpr = this.RULE("ifExpr", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.headExpr);
    this.SUBRULE(this.block);
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.OR((this.ifExprAlts ??= [
        { ALT: () => this.SUBRULE(this.ifExpr) },
        { ALT: () => this.SUBRULE2(this.block) },
      ]));
    });
  });

  public override matchExpr = this.RULE("matchExpr", () => {
    this.CONSUME(T.Match);
    this.SUBRULE(this.headExpr);
    this.CONSUME(T.LCurly);
    this.nested(() => this.MANY(() => this.SUBRULE(this.matchArm)));
    this.CONSUME(T.RCurly);
  });

  public override matchArm = this.RULE("matchArm", () => {
    this.SUBRULE(this.pattern);
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.SUBRULE(this.expr);
    });
    this.CONSUME(T.FatArrow);
    this.OR((this.matchArmAlts ??= {
      // A block-like body ends the arm (so the next arm may start with `(`), as in Rust.
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.blockLikeExpr) },
        { ALT: () => this.SUBRULE2(this.expr) },
      ],
    }));
    this.OPTION2(() => this.CONSUME(T.Comma));
  });
}
