// The Silk grammar as one Chevrotain CstParser. It builds a concrete syntax tree only; every
// semantic decision (precedence climbing, docs, shorthand fields, validation of what a context
// allows) is made in the CST→AST visitor (visit-*.ts). Built once and reused (`getParser()`).
// The rules are split by node family along a class chain (parser/base.ts → patterns → expr →
// stmt → types → this file, the items); parser/base.ts holds the parser state and helpers.

import { TypeRules } from "./parser/types.js";
import * as T from "./tokens.js";

export class SilkParser extends TypeRules {
  constructor(validate = false, lookahead: "indexed" | "llk" = "indexed") {
    super(validate, lookahead);
    // Every rule field of the whole chain is initialised by now.
    this.performSelfAnalysis();
  }

  // ---- file and items -------------------------------------------------------------------

  public override sourceFile = this.RULE("sourceFile", () => {
    this.MANY(() => this.SUBRULE(this.importDecl));
    this.MANY2(() => this.SUBRULE(this.item));
  });

  public override importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.LCurly);
    this.OPTION(() => this.SUBRULE(this.importNameList));
    this.CONSUME(T.RCurly);
    this.CONSUME(T.From);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.Semi);
  });

  public override importNameList = this.RULE("importNameList", () => {
    this.SUBRULE(this.importName);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.importName);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public override importName = this.RULE("importName", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME2(T.Identifier);
    });
  });

  public override attribute = this.RULE("attribute", () => {
    this.CONSUME(T.Hash);
    this.CONSUME(T.LBracket);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.OPTION2(() => {
        this.CONSUME2(T.Identifier);
        this.MANY({ GATE: this.moreAfterComma, DEF: () => {
          this.CONSUME(T.Comma);
          this.CONSUME3(T.Identifier);
        } });
        this.OPTION3(() => this.CONSUME2(T.Comma));
      });
      this.CONSUME(T.RParen);
    });
    this.CONSUME(T.RBracket);
  });

  public override item = this.RULE("item", () => {
    this.MANY(() => this.SUBRULE(this.attribute));
    this.OR((this.itemAlts ??= [
      { ALT: () => this.SUBRULE(this.contractDecl) },
      { ALT: () => this.SUBRULE(this.componentDecl) },
      { ALT: () => this.SUBRULE(this.interfaceDecl) },
      { ALT: () => this.SUBRULE(this.structDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.typeAliasDecl) },
      { ALT: () => this.SUBRULE(this.eventDecl) },
      { ALT: () => this.SUBRULE(this.errorDecl) },
      { ALT: () => this.SUBRULE(this.fnDecl) },
    ]));
  });

  public override contractDecl = this.RULE("contractDecl", () => {
    this.CONSUME(T.Contract);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.path);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.path);
      });
    });
    this.CONSUME(T.LCurly);
    this.MANY2(() => this.SUBRULE(this.member));
    this.CONSUME(T.RCurly);
  });

  public override componentDecl = this.RULE("componentDecl", () => {
    this.CONSUME(T.Component);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.member));
    this.CONSUME(T.RCurly);
  });

  public override member = this.RULE("member", () => {
    this.MANY(() => this.SUBRULE(this.attribute));
    this.OR((this.memberAlts ??= [
      { ALT: () => this.SUBRULE(this.storageDecl) },
      { ALT: () => this.SUBRULE(this.eventDecl) },
      { ALT: () => this.SUBRULE(this.errorDecl) },
      { ALT: () => this.SUBRULE(this.invariantDecl) },
      { ALT: () => this.SUBRULE(this.useDecl) },
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.fnDecl) },
    ]));
  });

  public override storageDecl = this.RULE("storageDecl", () => {
    this.CONSUME(T.Storage);
    this.CONSUME(T.LCurly);
    this.OPTION(() => this.SUBRULE(this.fieldList));
    this.CONSUME(T.RCurly);
  });

  public override fieldList = this.RULE("fieldList", () => {
    this.SUBRULE(this.fieldDecl);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.fieldDecl);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public override fieldDecl = this.RULE("fieldDecl", () => {
    this.MANY(() => this.SUBRULE(this.attribute));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type);
  });

  /** `pub? view? payable? (fn name | init) (params) (-> T)? (block | ;)` — also interface sigs. */
  public override fnDecl = this.RULE("fnDecl", () => {
    this.OPTION(() => this.CONSUME(T.Pub));
    this.OPTION2(() => this.CONSUME(T.View));
    this.OPTION3(() => this.CONSUME(T.Payable));
    this.OR((this.fnDeclAlts ??= [
      { ALT: () => {
        this.CONSUME(T.Fn);
        this.CONSUME(T.Identifier);
      } },
      { ALT: () => this.CONSUME(T.Init) },
    ]));
    this.CONSUME(T.LParen);
    this.OPTION4(() => this.SUBRULE(this.paramList));
    this.CONSUME(T.RParen);
    this.OPTION5(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.type);
    });
    this.OR2((this.fnDeclAlts2 ??= [
      { ALT: () => this.SUBRULE(this.block) },
      { ALT: () => this.CONSUME(T.Semi) },
    ]));
  });

  public override paramList = this.RULE("paramList", () => {
    this.SUBRULE(this.param);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.param);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public override param = this.RULE("param", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type);
  });

  public override eventDecl = this.RULE("eventDecl", () => {
    this.CONSUME(T.Event);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.fieldsOrSemi);
  });

  public override errorDecl = this.RULE("errorDecl", () => {
    this.CONSUME(T.Error);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.fieldsOrSemi);
  });

  public override fieldsOrSemi = this.RULE("fieldsOrSemi", () => {
    this.OR((this.fieldsOrSemiAlts ??= [
      { ALT: () => {
        this.CONSUME(T.LCurly);
        this.OPTION(() => this.SUBRULE(this.fieldList));
        this.CONSUME(T.RCurly);
      } },
      { ALT: () => this.CONSUME(T.Semi) },
    ]));
  });

  public override invariantDecl = this.RULE("invariantDecl", () => {
    this.CONSUME(T.Invariant);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.paramList));
    this.CONSUME(T.RParen);
    this.SUBRULE(this.block);
  });

  public override useDecl = this.RULE("useDecl", () => {
    this.CONSUME(T.Use);
    this.SUBRULE(this.path);
    this.CONSUME(T.Semi);
  });

  public override constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  public override typeAliasDecl = this.RULE("typeAliasDecl", () => {
    this.CONSUME(T.Type);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.type);
    this.CONSUME(T.Semi);
  });

  public override interfaceDecl = this.RULE("interfaceDecl", () => {
    this.CONSUME(T.Interface);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.interfaceMember));
    this.CONSUME(T.RCurly);
  });

  public override interfaceMember = this.RULE("interfaceMember", () => {
    this.MANY(() => this.SUBRULE(this.attribute));
    this.SUBRULE(this.fnDecl);
  });

  public override structDecl = this.RULE("structDecl", () => {
    this.CONSUME(T.Struct);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.OPTION(() => this.SUBRULE(this.fieldList));
    this.CONSUME(T.RCurly);
  });

  public override enumDecl = this.RULE("enumDecl", () => {
    this.CONSUME(T.Enum);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.variantDecl);
      this.MANY({ GATE: this.moreAfterComma, DEF: () => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.variantDecl);
      } });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RCurly);
  });

  public override variantDecl = this.RULE("variantDecl", () => {
    this.MANY(() => this.SUBRULE(this.attribute));
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.OR((this.variantDeclAlts ??= [
        { ALT: () => {
          this.CONSUME(T.LParen);
          this.OPTION2(() => this.SUBRULE(this.typeList));
          this.CONSUME(T.RParen);
        } },
        { ALT: () => {
          this.CONSUME(T.LCurly);
          this.OPTION3(() => this.SUBRULE(this.fieldList));
          this.CONSUME(T.RCurly);
        } },
      ]));
    });
  });
}

let instance: SilkParser | undefined;

/** The one parser instance; building one costs grammar analysis, so it is made lazily, once. */
export function getParser(): SilkParser {
  instance ??= new SilkParser();
  return instance;
}
