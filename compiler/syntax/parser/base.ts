// The Silk grammar as one Chevrotain CstParser, split by node family along a class chain
// (base → patterns → expressions → statements → types → items, the last in parser.ts). It builds a concrete syntax tree only; every
// semantic decision (precedence climbing, docs, shorthand fields, validation of what a context
// allows) is made in the CST→AST visitor (visit-*.ts). Built once and reused (`getParser()`).
//
// Two pieces of parser state, both only read by GATEs (never during grammar recording):
// - `noStruct`: true while reading the head of `if`/`while`/`for`/`match`, where `x {` opens the
//   body rather than a struct literal (Rust's rule). Delimiters reset it (`nested`).
// - adjacency of `>` tokens: `>>` and `>>=` are read as adjacent `>` `>` / `>` `>=` (see tokens.ts).

import { CstParser, type CstNode, type IOrAlt, type IToken, type OrMethodOpts, type ParserMethod, type TokenType } from "../chevrotain.js";
import { IndexedLookahead } from "../lookahead.js";
import { silkErrorMessages } from "../messages.js";
import * as T from "../tokens.js";

export const CLOSERS: ReadonlySet<TokenType> = new Set([T.RParen, T.RCurly, T.RBracket, T.Gt]);

export function adjacent(a: IToken, b: IToken): boolean {
  // The lexer tracks start offsets only (cheaper); a token ends at start + image length.
  return a.startOffset + a.image.length === b.startOffset;
}

export const MAX_LOOKAHEAD = 3;

/** The CST internals `cstInvocationStateUpdate` touches (Chevrotain 11's TreeBuilder trait). */
interface ChevrotainCstInternals {
  CST_STACK: object[];
  setInitialNodeLocation(node: object): void;
}

/** CST children: a fast object whose prototype chain has no properties (see below). */
const CstChildren = function CstChildren(this: object) {} as unknown as new () => Record<string, unknown[]>;
CstChildren.prototype = Object.create(null) as object;


/**
 * Parser state, helpers and the declaration of every rule, so that each family can refer to the
 * rules of the others; the rules themselves are defined by the subclasses. The most derived
 * class (`SilkParser`) runs `performSelfAnalysis` once every rule exists.
 */
export abstract class SilkParserBase extends CstParser {
  /** See the header: true inside an `if`/`while`/`for`/`match` head. */
  noStruct = false;
  // The alternatives of each OR, built on its first call and reused: an alternatives array
  // (and its closures) built on every call was a large share of the parser's allocations
  // (Chevrotain's performance guide: "caching arrays of alternatives"). The closures refer to
  // nothing but `this`, so one copy serves every call.
  protected itemAlts?: IOrAlt<unknown>[];
  protected memberAlts?: IOrAlt<unknown>[];
  protected fnDeclAlts?: IOrAlt<unknown>[];
  protected fnDeclAlts2?: IOrAlt<unknown>[];
  protected fieldsOrSemiAlts?: IOrAlt<unknown>[];
  protected variantDeclAlts?: IOrAlt<unknown>[];
  protected typeAlts?: IOrAlt<unknown>[];
  protected stmtAlts?: OrMethodOpts<unknown>;
  protected forStmtAlts?: IOrAlt<unknown>[];
  protected blockLikeExprAlts?: IOrAlt<unknown>[];
  protected assignOperatorAlts?: IOrAlt<unknown>[];
  protected prefixExprAlts?: IOrAlt<unknown>[];
  protected postfixOpAlts?: IOrAlt<unknown>[];
  protected primaryAlts?: IOrAlt<unknown>[];
  protected arrayExprAlts?: IOrAlt<unknown>[];
  protected ifExprAlts?: IOrAlt<unknown>[];
  protected matchArmAlts?: OrMethodOpts<unknown>;
  protected patternAlts?: IOrAlt<unknown>[];
  protected pathPatternAlts?: IOrAlt<unknown>[];
  protected postfixOpMembers?: IOrAlt<unknown>[];
  protected prefixExprOps?: IOrAlt<unknown>[];
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
    SilkParserBase.constructions++;
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
  protected nested(body: () => void): void {
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
  protected moreAfterComma = (): boolean =>
    this.LA(1).tokenType === T.Comma && !CLOSERS.has(this.LA(2).tokenType);

  // Every rule of the grammar (defined in parser/*.ts and parser.ts).
  declare sourceFile: ParserMethod<[], CstNode>;
  declare importDecl: ParserMethod<[], CstNode>;
  declare importNameList: ParserMethod<[], CstNode>;
  declare importName: ParserMethod<[], CstNode>;
  declare attribute: ParserMethod<[], CstNode>;
  declare item: ParserMethod<[], CstNode>;
  declare contractDecl: ParserMethod<[], CstNode>;
  declare componentDecl: ParserMethod<[], CstNode>;
  declare member: ParserMethod<[], CstNode>;
  declare storageDecl: ParserMethod<[], CstNode>;
  declare fieldList: ParserMethod<[], CstNode>;
  declare fieldDecl: ParserMethod<[], CstNode>;
  declare fnDecl: ParserMethod<[], CstNode>;
  declare paramList: ParserMethod<[], CstNode>;
  declare param: ParserMethod<[], CstNode>;
  declare eventDecl: ParserMethod<[], CstNode>;
  declare errorDecl: ParserMethod<[], CstNode>;
  declare fieldsOrSemi: ParserMethod<[], CstNode>;
  declare invariantDecl: ParserMethod<[], CstNode>;
  declare useDecl: ParserMethod<[], CstNode>;
  declare constDecl: ParserMethod<[], CstNode>;
  declare typeAliasDecl: ParserMethod<[], CstNode>;
  declare interfaceDecl: ParserMethod<[], CstNode>;
  declare interfaceMember: ParserMethod<[], CstNode>;
  declare structDecl: ParserMethod<[], CstNode>;
  declare enumDecl: ParserMethod<[], CstNode>;
  declare variantDecl: ParserMethod<[], CstNode>;
  declare type: ParserMethod<[], CstNode>;
  declare namedType: ParserMethod<[], CstNode>;
  declare arrayType: ParserMethod<[], CstNode>;
  declare tupleType: ParserMethod<[], CstNode>;
  declare typeList: ParserMethod<[], CstNode>;
  declare path: ParserMethod<[], CstNode>;
  declare block: ParserMethod<[], CstNode>;
  declare stmt: ParserMethod<[], CstNode>;
  declare letStmt: ParserMethod<[], CstNode>;
  declare whileStmt: ParserMethod<[], CstNode>;
  declare forStmt: ParserMethod<[], CstNode>;
  declare breakStmt: ParserMethod<[], CstNode>;
  declare continueStmt: ParserMethod<[], CstNode>;
  declare returnStmt: ParserMethod<[], CstNode>;
  declare emitStmt: ParserMethod<[], CstNode>;
  declare revertStmt: ParserMethod<[], CstNode>;
  declare requireStmt: ParserMethod<[], CstNode>;
  declare assertStmt: ParserMethod<[], CstNode>;
  declare condArgs: ParserMethod<[], CstNode>;
  declare blockLikeStmt: ParserMethod<[], CstNode>;
  declare blockLikeExpr: ParserMethod<[], CstNode>;
  declare exprStmt: ParserMethod<[], CstNode>;
  declare assignOperator: ParserMethod<[], CstNode>;
  declare headExpr: ParserMethod<[], CstNode>;
  declare expr: ParserMethod<[], CstNode>;
  declare binaryOperator: ParserMethod<[], CstNode>;
  declare castExpr: ParserMethod<[], CstNode>;
  declare prefixExpr: ParserMethod<[], CstNode>;
  declare postfixExpr: ParserMethod<[], CstNode>;
  declare postfixOp: ParserMethod<[], CstNode>;
  declare callArgs: ParserMethod<[], CstNode>;
  declare callOptions: ParserMethod<[], CstNode>;
  declare exprList: ParserMethod<[], CstNode>;
  declare primary: ParserMethod<[], CstNode>;
  declare pathOrStruct: ParserMethod<[], CstNode>;
  declare structBody: ParserMethod<[], CstNode>;
  declare fieldInit: ParserMethod<[], CstNode>;
  declare parenExpr: ParserMethod<[], CstNode>;
  declare arrayExpr: ParserMethod<[], CstNode>;
  declare ifExpr: ParserMethod<[], CstNode>;
  declare matchExpr: ParserMethod<[], CstNode>;
  declare matchArm: ParserMethod<[], CstNode>;
  declare pattern: ParserMethod<[], CstNode>;
  declare patternList: ParserMethod<[], CstNode>;
  declare pathPattern: ParserMethod<[], CstNode>;
  declare fieldPattern: ParserMethod<[], CstNode>;
}
