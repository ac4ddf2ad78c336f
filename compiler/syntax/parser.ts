// The Silk grammar as one Chevrotain CstParser. It builds a concrete syntax tree only; every
// semantic decision (precedence climbing, docs, shorthand fields, validation of what a context
// allows) is made in the CST→AST visitor (visit-*.ts). Built once and reused (`getParser()`).
//
// Two pieces of parser state, both only read by GATEs (never during grammar recording):
// - `noStruct`: true while reading the head of `if`/`while`/`for`/`match`, where `x {` opens the
//   body rather than a struct literal (Rust's rule). Delimiters reset it (`nested`).
// - adjacency of `>` tokens: `>>` and `>>=` are read as adjacent `>` `>` / `>` `>=` (see tokens.ts).

import { CstParser, type IOrAlt, type IToken, type OrMethodOpts, type TokenType } from "./chevrotain.js";
import { IndexedLookahead } from "./lookahead.js";
import { silkErrorMessages } from "./messages.js";
import * as T from "./tokens.js";

const CLOSERS: ReadonlySet<TokenType> = new Set([T.RParen, T.RCurly, T.RBracket, T.Gt]);

function adjacent(a: IToken, b: IToken): boolean {
  // The lexer tracks start offsets only (cheaper); a token ends at start + image length.
  return a.startOffset + a.image.length === b.startOffset;
}

const MAX_LOOKAHEAD = 3;

/** The CST internals `cstInvocationStateUpdate` touches (Chevrotain 11's TreeBuilder trait). */
interface ChevrotainCstInternals {
  CST_STACK: object[];
  setInitialNodeLocation(node: object): void;
}

/** CST children: a fast object whose prototype chain has no properties (see below). */
const CstChildren = function CstChildren(this: object) {} as unknown as new () => Record<string, unknown[]>;
CstChildren.prototype = Object.create(null) as object;

export class SilkParser extends CstParser {
  /** See the header: true inside an `if`/`while`/`for`/`match` head. */
  noStruct = false;
  // The alternatives of each OR, built on its first call and reused: an alternatives array
  // (and its closures) built on every call was a large share of the parser's allocations
  // (Chevrotain's performance guide: "caching arrays of alternatives"). The closures refer to
  // nothing but `this`, so one copy serves every call.
  private itemAlts?: IOrAlt<unknown>[];
  private memberAlts?: IOrAlt<unknown>[];
  private fnDeclAlts?: IOrAlt<unknown>[];
  private fnDeclAlts2?: IOrAlt<unknown>[];
  private fieldsOrSemiAlts?: IOrAlt<unknown>[];
  private variantDeclAlts?: IOrAlt<unknown>[];
  private typeAlts?: IOrAlt<unknown>[];
  private stmtAlts?: OrMethodOpts<unknown>;
  private forStmtAlts?: IOrAlt<unknown>[];
  private blockLikeExprAlts?: IOrAlt<unknown>[];
  private assignOperatorAlts?: IOrAlt<unknown>[];
  private prefixExprAlts?: IOrAlt<unknown>[];
  private postfixOpAlts?: IOrAlt<unknown>[];
  private primaryAlts?: IOrAlt<unknown>[];
  private arrayExprAlts?: IOrAlt<unknown>[];
  private ifExprAlts?: IOrAlt<unknown>[];
  private matchArmAlts?: OrMethodOpts<unknown>;
  private patternAlts?: IOrAlt<unknown>[];
  private pathPatternAlts?: IOrAlt<unknown>[];
  private postfixOpMembers?: IOrAlt<unknown>[];
  private prefixExprOps?: IOrAlt<unknown>[];
  /** How many times the class was constructed; a test asserts it stays at one. */
  static constructions = 0;

  /**
   * @param validate run Chevrotain's grammar validations (ambiguities, left recursion). They
   * cost most of the construction time and find nothing new once the grammar is fixed, so the
   * shared instance skips them; parser.test.ts builds one with them on.
   * @param lookahead "indexed" (lookahead.ts) or Chevrotain's own "llk" decisions, which
   * lookahead.test.ts compares it with.
   */
  constructor(validate = false, lookahead: "indexed" | "llk" = "indexed") {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: MAX_LOOKAHEAD,
      ...(lookahead === "indexed" ? { lookaheadStrategy: new IndexedLookahead(MAX_LOOKAHEAD) } : {}),
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: silkErrorMessages,
      skipValidations: !validate,
    });
    SilkParser.constructions++;
    this.performSelfAnalysis();
  }

  /** The first token the last parse did not consume (EOF when it consumed everything). */
  nextToken(): IToken {
    return this.LA(1);
  }

  /**
   * Chevrotain's hook that opens a CST node at each rule invocation (not in its typings), made
   * cheaper. Chevrotain gives every node `children: Object.create(null)`, a dictionary-mode
   * object (~10 MB of the ~45 MB a 5,000-line parse allocated, all of it live until the AST is
   * built, so the GC copies it). `CstChildren` reads the same — no inherited keys, absent
   * children are `undefined` — but is an ordinary fast object. Everything else is as in
   * Chevrotain 11's `cstInvocationStateUpdate`.
   */
  cstInvocationStateUpdate(fullRuleName: string): void {
    const self = this as unknown as ChevrotainCstInternals;
    const node = { name: fullRuleName, children: new CstChildren() };
    self.setInitialNodeLocation(node);
    self.CST_STACK.push(node);
  }

  /** Runs `body` with struct literals allowed again (inside parentheses, brackets, braces). */
  private nested(body: () => void): void {
    let saved = false;
    this.ACTION(() => {
      saved = this.noStruct;
      this.noStruct = false;
    });
    body();
    this.ACTION(() => {
      this.noStruct = saved;
    });
  }

  /** True when the next token is `,` followed by another element (not a trailing comma). */
  private moreAfterComma = (): boolean =>
    this.LA(1).tokenType === T.Comma && !CLOSERS.has(this.LA(2).tokenType);

  // ---- file and items -------------------------------------------------------------------

  public sourceFile = this.RULE("sourceFile", () => {
    this.MANY(() => this.SUBRULE(this.importDecl));
    this.MANY2(() => this.SUBRULE(this.item));
  });

  public importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.LCurly);
    this.OPTION(() => this.SUBRULE(this.importNameList));
    this.CONSUME(T.RCurly);
    this.CONSUME(T.From);
    this.CONSUME(T.StringLit);
    this.CONSUME(T.Semi);
  });

  public importNameList = this.RULE("importNameList", () => {
    this.SUBRULE(this.importName);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.importName);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public importName = this.RULE("importName", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME2(T.Identifier);
    });
  });

  public attribute = this.RULE("attribute", () => {
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

  public item = this.RULE("item", () => {
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

  public contractDecl = this.RULE("contractDecl", () => {
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

  public componentDecl = this.RULE("componentDecl", () => {
    this.CONSUME(T.Component);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.member));
    this.CONSUME(T.RCurly);
  });

  public member = this.RULE("member", () => {
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

  public storageDecl = this.RULE("storageDecl", () => {
    this.CONSUME(T.Storage);
    this.CONSUME(T.LCurly);
    this.OPTION(() => this.SUBRULE(this.fieldList));
    this.CONSUME(T.RCurly);
  });

  public fieldList = this.RULE("fieldList", () => {
    this.SUBRULE(this.fieldDecl);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.fieldDecl);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public fieldDecl = this.RULE("fieldDecl", () => {
    this.MANY(() => this.SUBRULE(this.attribute));
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type);
  });

  /** `pub? view? payable? (fn name | init) (params) (-> T)? (block | ;)` — also interface sigs. */
  public fnDecl = this.RULE("fnDecl", () => {
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

  public paramList = this.RULE("paramList", () => {
    this.SUBRULE(this.param);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.param);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public param = this.RULE("param", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type);
  });

  public eventDecl = this.RULE("eventDecl", () => {
    this.CONSUME(T.Event);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.fieldsOrSemi);
  });

  public errorDecl = this.RULE("errorDecl", () => {
    this.CONSUME(T.Error);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.fieldsOrSemi);
  });

  public fieldsOrSemi = this.RULE("fieldsOrSemi", () => {
    this.OR((this.fieldsOrSemiAlts ??= [
      { ALT: () => {
        this.CONSUME(T.LCurly);
        this.OPTION(() => this.SUBRULE(this.fieldList));
        this.CONSUME(T.RCurly);
      } },
      { ALT: () => this.CONSUME(T.Semi) },
    ]));
  });

  public invariantDecl = this.RULE("invariantDecl", () => {
    this.CONSUME(T.Invariant);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.paramList));
    this.CONSUME(T.RParen);
    this.SUBRULE(this.block);
  });

  public useDecl = this.RULE("useDecl", () => {
    this.CONSUME(T.Use);
    this.SUBRULE(this.path);
    this.CONSUME(T.Semi);
  });

  public constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.type);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  public typeAliasDecl = this.RULE("typeAliasDecl", () => {
    this.CONSUME(T.Type);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.type);
    this.CONSUME(T.Semi);
  });

  public interfaceDecl = this.RULE("interfaceDecl", () => {
    this.CONSUME(T.Interface);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.interfaceMember));
    this.CONSUME(T.RCurly);
  });

  public interfaceMember = this.RULE("interfaceMember", () => {
    this.MANY(() => this.SUBRULE(this.attribute));
    this.SUBRULE(this.fnDecl);
  });

  public structDecl = this.RULE("structDecl", () => {
    this.CONSUME(T.Struct);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.OPTION(() => this.SUBRULE(this.fieldList));
    this.CONSUME(T.RCurly);
  });

  public enumDecl = this.RULE("enumDecl", () => {
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

  public variantDecl = this.RULE("variantDecl", () => {
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

  // ---- types ------------------------------------------------------------------------------

  public type = this.RULE("type", () => {
    this.OR((this.typeAlts ??= [
      { ALT: () => this.SUBRULE(this.namedType) },
      { ALT: () => this.SUBRULE(this.arrayType) },
      { ALT: () => this.SUBRULE(this.tupleType) },
    ]));
  });

  public namedType = this.RULE("namedType", () => {
    this.SUBRULE(this.path);
    this.OPTION(() => {
      this.CONSUME(T.Lt);
      this.SUBRULE(this.typeList);
      this.CONSUME(T.Gt);
    });
  });

  public arrayType = this.RULE("arrayType", () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.type);
    this.CONSUME(T.Semi);
    this.nested(() => this.SUBRULE(this.expr));
    this.CONSUME(T.RBracket);
  });

  public tupleType = this.RULE("tupleType", () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => this.SUBRULE(this.typeList));
    this.CONSUME(T.RParen);
  });

  public typeList = this.RULE("typeList", () => {
    this.SUBRULE(this.type);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.type);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public path = this.RULE("path", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.ColonColon);
      this.CONSUME2(T.Identifier);
    });
  });

  // ---- statements -------------------------------------------------------------------------

  public block = this.RULE("block", () => {
    this.CONSUME(T.LCurly);
    this.nested(() => this.MANY(() => this.SUBRULE(this.stmt)));
    this.CONSUME(T.RCurly);
  });

  public stmt = this.RULE("stmt", () => {
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

  public letStmt = this.RULE("letStmt", () => {
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

  public whileStmt = this.RULE("whileStmt", () => {
    this.CONSUME(T.While);
    this.SUBRULE(this.headExpr);
    this.SUBRULE(this.block);
  });

  public forStmt = this.RULE("forStmt", () => {
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

  public breakStmt = this.RULE("breakStmt", () => {
    this.CONSUME(T.Break);
    this.CONSUME(T.Semi);
  });

  public continueStmt = this.RULE("continueStmt", () => {
    this.CONSUME(T.Continue);
    this.CONSUME(T.Semi);
  });

  public returnStmt = this.RULE("returnStmt", () => {
    this.CONSUME(T.Return);
    this.OPTION(() => this.SUBRULE(this.expr));
    this.CONSUME(T.Semi);
  });

  public emitStmt = this.RULE("emitStmt", () => {
    this.CONSUME(T.Emit);
    this.SUBRULE(this.path);
    this.SUBRULE(this.structBody);
    this.CONSUME(T.Semi);
  });

  public revertStmt = this.RULE("revertStmt", () => {
    this.CONSUME(T.Revert);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Semi);
  });

  public requireStmt = this.RULE("requireStmt", () => {
    this.CONSUME(T.Require);
    this.SUBRULE(this.condArgs);
    this.CONSUME(T.Semi);
  });

  public assertStmt = this.RULE("assertStmt", () => {
    this.CONSUME(T.Assert);
    this.SUBRULE(this.condArgs);
    this.CONSUME(T.Semi);
  });

  /** `(cond)` or `(cond, reason)` of require/assert. */
  public condArgs = this.RULE("condArgs", () => {
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
  public blockLikeStmt = this.RULE("blockLikeStmt", () => {
    this.SUBRULE(this.blockLikeExpr);
    this.OPTION(() => this.CONSUME(T.Semi));
  });

  public blockLikeExpr = this.RULE("blockLikeExpr", () => {
    this.OR((this.blockLikeExprAlts ??= [
      { ALT: () => this.SUBRULE(this.ifExpr) },
      { ALT: () => this.SUBRULE(this.matchExpr) },
      { ALT: () => this.SUBRULE(this.block) },
    ]));
  });

  /** `expr;`, `target op= value;`, or a block's tail `expr` (the visitor checks the `;`). */
  public exprStmt = this.RULE("exprStmt", () => {
    this.SUBRULE(this.expr);
    this.OPTION(() => {
      this.SUBRULE(this.assignOperator);
      this.SUBRULE2(this.expr);
    });
    this.OPTION2(() => this.CONSUME(T.Semi));
  });

  public assignOperator = this.RULE("assignOperator", () => {
    this.OR((this.assignOperatorAlts ??= [
      // `>>=` arrives as `>` `>=` (see tokens.ts).
      { GATE: () => adjacent(this.LA(1), this.LA(2)), ALT: () => {
        this.CONSUME(T.Gt);
        this.CONSUME(T.GtEq);
      } },
      { ALT: () => this.CONSUME(T.AssignOp) },
    ]));
  });

  // ---- expressions ------------------------------------------------------------------------

  /** An expression in an `if`/`while`/`for`/`match` head: no bare struct literals. */
  public headExpr = this.RULE("headExpr", () => {
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
  public expr = this.RULE("expr", () => {
    this.SUBRULE(this.castExpr);
    this.MANY({ GATE: this.binaryOpAhead, DEF: () => {
      this.SUBRULE(this.binaryOperator);
      this.SUBRULE2(this.castExpr);
    } });
  });

  /** A binary operator follows — but not the `>` of `>>=`, which is an assignment. */
  private binaryOpAhead = (): boolean => {
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

  public binaryOperator = this.RULE("binaryOperator", () => {
    this.CONSUME(T.BinaryOp);
    // `>>` arrives as two adjacent `>`.
    this.OPTION({
      GATE: () => this.LA(0).tokenType === T.Gt && adjacent(this.LA(0), this.LA(1)),
      DEF: () => this.CONSUME(T.Gt),
    });
  });

  public castExpr = this.RULE("castExpr", () => {
    this.SUBRULE(this.prefixExpr);
    this.MANY(() => {
      this.CONSUME(T.As);
      this.SUBRULE(this.type);
    });
  });

  public prefixExpr = this.RULE("prefixExpr", () => {
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

  public postfixExpr = this.RULE("postfixExpr", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.postfixOp));
    this.OPTION(() => this.SUBRULE(this.callOptions));
  });

  public postfixOp = this.RULE("postfixOp", () => {
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

  public callArgs = this.RULE("callArgs", () => {
    this.CONSUME(T.LParen);
    this.nested(() => this.OPTION(() => this.SUBRULE(this.exprList)));
    this.CONSUME(T.RParen);
  });

  public callOptions = this.RULE("callOptions", () => {
    this.CONSUME(T.With);
    this.SUBRULE(this.structBody);
  });

  public exprList = this.RULE("exprList", () => {
    this.SUBRULE(this.expr);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.expr);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public primary = this.RULE("primary", () => {
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

  public pathOrStruct = this.RULE("pathOrStruct", () => {
    this.SUBRULE(this.path);
    this.OPTION({ GATE: () => !this.noStruct, DEF: () => this.SUBRULE(this.structBody) });
  });

  /** `{ a, b: 1 }` of a struct literal, `emit`, or call options. */
  public structBody = this.RULE("structBody", () => {
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

  public fieldInit = this.RULE("fieldInit", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.expr);
    });
  });

  public parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(T.LParen);
    this.nested(() => this.OPTION(() => this.SUBRULE(this.exprList)));
    this.CONSUME(T.RParen);
  });

  public arrayExpr = this.RULE("arrayExpr", () => {
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

  public ifExpr = this.RULE("ifExpr", () => {
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

  public matchExpr = this.RULE("matchExpr", () => {
    this.CONSUME(T.Match);
    this.SUBRULE(this.headExpr);
    this.CONSUME(T.LCurly);
    this.nested(() => this.MANY(() => this.SUBRULE(this.matchArm)));
    this.CONSUME(T.RCurly);
  });

  public matchArm = this.RULE("matchArm", () => {
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

  // ---- patterns ---------------------------------------------------------------------------

  public pattern = this.RULE("pattern", () => {
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

  public patternList = this.RULE("patternList", () => {
    this.SUBRULE(this.pattern);
    this.MANY({ GATE: this.moreAfterComma, DEF: () => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.pattern);
    } });
    this.OPTION(() => this.CONSUME2(T.Comma));
  });

  public pathPattern = this.RULE("pathPattern", () => {
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

  public fieldPattern = this.RULE("fieldPattern", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.pattern);
    });
  });
}

let instance: SilkParser | undefined;

/** The one parser instance; building one costs grammar analysis, so it is made lazily, once. */
export function getParser(): SilkParser {
  instance ??= new SilkParser();
  return instance;
}
