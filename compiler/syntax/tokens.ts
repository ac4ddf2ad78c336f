// Silk's tokens and its one lexer.
//
// - Keywords use `longer_alt: Identifier` so `format` lexes as an identifier, not `for` + `mat`.
// - Soft keywords (`from`, `storage`, `init`, `view`, `payable`, `event`, `error`, `invariant`,
//   `component`, `type`) are also in the `Identifier` category: the grammar asks for them by name
//   where it needs them, and anywhere an identifier is expected they are accepted as one (an event
//   field may be called `from`).
// - Operator families are token categories (`BinaryOp`, `AssignOp`) so the grammar stays small and
//   the visitor reads the operator from the token image.
// - `>` is never lexed together with another `>`: `Map<K, Map<K, V>>` must close two generic
//   lists. The parser reads `>>` and `>>=` as adjacent `>` `>` / `>` `>=` tokens.
// - Comments are kept in the `comments` group (not skipped) so the formatter can put them back.
// - Malformed forms (unterminated string/comment, bad number) are lexed as tokens of their own so
//   one bad literal gives one precise diagnostic instead of a cascade of "unexpected character".

import { createToken, Lexer, type TokenType } from "./chevrotain.js";

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

const hard = (name: string, word: string): TokenType =>
  createToken({ name, pattern: new RegExp(word), longer_alt: Identifier });
const soft = (name: string, word: string): TokenType =>
  createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, categories: [Identifier] });

// Hard keywords: never identifiers.
export const Contract = hard("Contract", "contract");
export const Interface = hard("Interface", "interface");
export const Struct = hard("Struct", "struct");
export const Enum = hard("Enum", "enum");
export const Const = hard("Const", "const");
export const Fn = hard("Fn", "fn");
export const Pub = hard("Pub", "pub");
export const Let = hard("Let", "let");
export const Mut = hard("Mut", "mut");
export const If = hard("If", "if");
export const Else = hard("Else", "else");
export const While = hard("While", "while");
export const For = hard("For", "for");
export const In = hard("In", "in");
export const Break = hard("Break", "break");
export const Continue = hard("Continue", "continue");
export const Return = hard("Return", "return");
export const Emit = hard("Emit", "emit");
export const Revert = hard("Revert", "revert");
export const Require = hard("Require", "require");
export const Assert = hard("Assert", "assert");
export const Match = hard("Match", "match");
export const True = hard("True", "true");
export const False = hard("False", "false");
export const Self = hard("Self", "self");
export const Try = hard("Try", "try");
export const Import = hard("Import", "import");
export const Use = hard("Use", "use");
export const As = hard("As", "as");
export const With = hard("With", "with");
export const Underscore = hard("Underscore", "_");

// Soft keywords: keywords only where the grammar asks for them.
export const From = soft("From", "from");
export const Storage = soft("Storage", "storage");
export const Init = soft("Init", "init");
export const View = soft("View", "view");
export const Payable = soft("Payable", "payable");
export const Event = soft("Event", "event");
export const Error = soft("Error", "error");
export const Invariant = soft("Invariant", "invariant");
export const Component = soft("Component", "component");
export const Type = soft("Type", "type");

export const HARD_KEYWORDS: readonly string[] = [
  "contract", "interface", "struct", "enum", "const", "fn", "pub", "let", "mut", "if", "else",
  "while", "for", "in", "break", "continue", "return", "emit", "revert", "require", "assert",
  "match", "true", "false", "self", "try", "import", "use", "as", "with", "_",
];
export const SOFT_KEYWORDS: readonly string[] = [
  "from", "storage", "init", "view", "payable", "event", "error", "invariant", "component", "type",
];

// Literals. A number swallows trailing identifier characters so `12ab` / `0xzz` are one bad
// literal (checked in lex.ts), not a number followed by an identifier.
export const IntLit = createToken({
  name: "IntLit",
  pattern: /(?:0x[0-9A-Za-z_]*|0b[0-9A-Za-z_]*|[0-9][0-9A-Za-z_]*)/,
});
export const HexBytesLit = createToken({ name: "HexBytesLit", pattern: /hex"[^"\r\n]*"/ });
export const StringLit = createToken({ name: "StringLit", pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/ });
/** A string that reaches the end of the line; reported as E0002 and parsed as a string. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
});

// Comments (kept, in a group).
export const DocComment = createToken({ name: "DocComment", pattern: /\/\/\/(?!\/)[^\r\n]*/, group: "comments" });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\r\n]*/, group: "comments" });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });
export const UnterminatedComment = createToken({ name: "UnterminatedComment", pattern: /\/\*[\s\S]*/, group: "comments", line_breaks: true });

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED, line_breaks: true });

// Operator categories.
export const BinaryOp = createToken({ name: "BinaryOp", pattern: Lexer.NA });
export const AssignOp = createToken({ name: "AssignOp", pattern: Lexer.NA });
const bin = (name: string, re: RegExp): TokenType => createToken({ name, pattern: re, categories: [BinaryOp] });
const asg = (name: string, re: RegExp): TokenType => createToken({ name, pattern: re, categories: [AssignOp] });

// Assignment operators (longest first among those sharing a prefix).
export const ShlEq = asg("ShlEq", /<<=/);
export const PlusEq = asg("PlusEq", /\+=/);
export const MinusEq = asg("MinusEq", /-=/);
export const StarEq = asg("StarEq", /\*=/);
export const SlashEq = asg("SlashEq", /\/=/);
export const PercentEq = asg("PercentEq", /%=/);
export const AmpEq = asg("AmpEq", /&=/);
export const PipeEq = asg("PipeEq", /\|=/);
export const CaretEq = asg("CaretEq", /\^=/);

export const OrOr = bin("OrOr", /\|\|/);
export const AndAnd = bin("AndAnd", /&&/);
export const EqEq = bin("EqEq", /==/);
export const NotEq = bin("NotEq", /!=/);
export const FatArrow = createToken({ name: "FatArrow", pattern: /=>/ });
export const Arrow = createToken({ name: "Arrow", pattern: /->/ });
export const LtEq = bin("LtEq", /<=/);
export const GtEq = bin("GtEq", />=/);
export const Shl = bin("Shl", /<</);
export const Lt = bin("Lt", /</);
export const Gt = bin("Gt", />/);
export const Pipe = bin("Pipe", /\|/);
export const Caret = bin("Caret", /\^/);
export const Amp = bin("Amp", /&/);
export const Plus = bin("Plus", /\+/);
export const Minus = bin("Minus", /-/);
export const Star = bin("Star", /\*/);
export const Slash = bin("Slash", /\//);
export const Percent = bin("Percent", /%/);
export const Eq = asg("Eq", /=/);
export const Bang = createToken({ name: "Bang", pattern: /!/ });

// Punctuation.
export const DotDotEq = createToken({ name: "DotDotEq", pattern: /\.\.=/ });
export const DotDot = createToken({ name: "DotDot", pattern: /\.\./ });
export const Dot = createToken({ name: "Dot", pattern: /\./ });
export const ColonColon = createToken({ name: "ColonColon", pattern: /::/ });
export const Colon = createToken({ name: "Colon", pattern: /:/ });
export const Semi = createToken({ name: "Semi", pattern: /;/ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });
export const LParen = createToken({ name: "LParen", pattern: /\(/ });
export const RParen = createToken({ name: "RParen", pattern: /\)/ });
export const LCurly = createToken({ name: "LCurly", pattern: /\{/ });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/ });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/ });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/ });
export const Hash = createToken({ name: "Hash", pattern: /#/ });

/** Order matters: comments before `/`, `hex"` before identifiers, keywords before Identifier. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  DocComment,
  LineComment,
  BlockComment,
  UnterminatedComment,
  HexBytesLit,
  StringLit,
  UnterminatedString,
  IntLit,
  Contract, Interface, Struct, Enum, Const, Fn, Pub, Let, Mut, If, Else, While, For, Break,
  Continue, Return, Emit, Revert, Require, Assert, Match, True, False, Self, Try, Import, Use, As,
  With, Underscore,
  From, Storage, Init, View, Payable, Event, Error, Invariant, Component, Type,
  // `in` after every keyword it is a prefix of (init, interface, invariant, import).
  In,
  Identifier,
  ShlEq, PlusEq, MinusEq, StarEq, SlashEq, PercentEq, AmpEq, PipeEq, CaretEq,
  OrOr, AndAnd, EqEq, NotEq, FatArrow, Arrow, LtEq, GtEq, Shl, Lt, Gt, Pipe, Caret, Amp, Plus,
  Minus, Star, Slash, Percent, Eq, Bang,
  DotDotEq, DotDot, Dot, ColonColon, Colon, Semi, Comma, LParen, RParen, LCurly, RCurly, LBracket,
  RBracket, Hash,
  BinaryOp,
  AssignOp,
];

/** The one lexer. `ensureOptimizations` would throw if a token defeated the first-char optimisation. */
export const silkLexer = new Lexer(allTokens, {
  positionTracking: "onlyOffset",
  ensureOptimizations: false,
});
