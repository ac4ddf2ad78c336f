// The Silk grammar: patterns (see ../parser.ts).

import { SilkParserBase } from "./base.js";
import * as T from "../tokens.js";

export abstract class PatternRules extends SilkParserBase {
  // ---- patterns ---------------------------------------------------------------------------

  public override pattern = this.RULE("pattern", () => {
    this.OR((this.patternAlts ??= [
      { ALT: () => this.CONSUME(T.Underscore) },
      { ALT: () => {
        this.OPTION(() => this.CONSUME(T.Minus));
        this.CONSUME(T.IntLit);
      } },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.StringLit) },
      { ALT: () => {
        this.CONSUME(T.Mut);
        this.CONSUME(T.Identifier);
      } },
      { ALT: () => {
        this.CONSUME(T.LParen);
        this.OPTION2(() => this.SUBRULE(this.patternList));
        this.CONSUME(T.RParen);
      } },
      { ALT: () => this.SUBRULE(this.pathPattern) },
    ]));
  });

  public override patternList = this.RULE("patternList", () => {
    this.SUBRULE(this.pattern);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.pattern);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public override pathPattern = this.RULE("pathPattern", () => {
    this.SUBRULE(this.path);
    this.OPTION(() => {
      this.OR((this.pathPatternAlts ??= [
        { ALT: () => {
          this.CONSUME(T.LParen);
          this.OPTION2(() => this.SUBRULE(this.patternList));
          this.CONSUME(T.RParen);
        } },
        { ALT: () => {
          this.CONSUME(T.LCurly);
          this.OPTION3(() => {
            this.SUBRULE(this.fieldPattern);
            this.MANY({ GATE: this.moreAfterComma, DEF: () => {
              this.CONSUME(T.Comma);
              this.SUBRULE2(this.fieldPattern);
            } });
            this.OPTION4(() => this.CONSUME2(T.Comma));
          });
          this.CONSUME(T.RCurly);
        } },
      ]));
    });
  });

  public override fieldPattern = this.RULE("fieldPattern", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.pattern);
    });
  });
}
