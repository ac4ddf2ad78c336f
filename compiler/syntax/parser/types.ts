// The Silk grammar: types (see ../parser.ts).

import { StatementRules } from "./stmt.js";
import * as T from "../tokens.js";

export abstract class TypeRules extends StatementRules {
  // ---- types ------------------------------------------------------------------------------

  public override type = this.RULE("type", () => {
    this.OR((this.typeAlts ??= [
      { ALT: () => this.SUBRULE(this.namedType) },
      { ALT: () => this.SUBRULE(this.arrayType) },
      { ALT: () => this.SUBRULE(this.tupleType) },
    ]));
  });

  public override namedType = this.RULE("namedType", () => {
    this.SUBRULE(this.path);
    this.OPTION(() => {
      this.CONSUME(T.Lt);
      this.SUBRULE(this.typeList);
      this.CONSUME(T.Gt);
    });
  });

  public override arrayType = this.RULE("arrayType", () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.type);
    this.CONSUME(T.Semi);
    this.nested(() => this.SUBRULE(this.expr));
    this.CONSUME(T.RBracket);
  });

  public override tupleType = this.RULE("tupleType", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.typeList));
    this.CONSUME(T.RParen);
  });

  public override typeList = this.RULE("typeList", () => {
    this.SUBRULE(this.type);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.type);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public override path = this.RULE("path", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.ColonColon);
      this.CONSUME2(T.Identifier);
    });
  });
}
