// The parser's lookahead: Chevrotain's LL(k) decisions, made the same way but faster and built
// on first use.
//
// Chevrotain turns each OR / OPTION / MANY into lists of token paths (up to `maxLookahead`
// long) per alternative and picks the first alternative, in order, with a path that matches
// the next tokens. When any path is longer than one token it tests every path of every
// alternative in turn — and `stmt` and `matchArm` have ~1,600 paths each (an `if`, `match` or
// `{` opens both a block-like statement and an expression statement, so those alternatives
// need 3 tokens): a statement that is an expression tested ~800 paths before its own.
//
// Here the same paths, in the same order, are put in a trie keyed by token type, filled in
// lazily as token sequences are met: a decision is a few array reads. (Decisions whose paths
// are all one token long get a table by token type, as Chevrotain builds them.) The answer is the one
// Chevrotain's scan gives — the first (alternative, path) in order whose tokens match, with
// `tokenMatcher` (categories included) deciding each match — so parses, errors and recovery are
// unchanged. Decisions with GATEs keep Chevrotain's own function (gates run at parse time).
//
// Computing the paths is most of the parser's construction cost, so each decision computes
// its paths the first time it is taken (a short file never pays for `matchArm`).

import {
  LLkLookaheadStrategy,
  getLookaheadPaths,
  type ILLkLookaheadValidator,
  type ILookaheadStrategy,
  type IToken,
  type LookaheadSequence,
  type OptionalProductionType,
  type Rule,
  type TokenType,
  tokenMatcher,
} from "./chevrotain.js";

/** One lookahead path of one alternative. */
interface Entry {
  alt: number;
  path: TokenType[];
}

/** The entries that matched the tokens so far (`depth` of them), and what comes next. */
class TrieNode {
  /** Entries still to test deeper: those before the first one that is already complete. */
  readonly pending: Entry[];
  /** The alternative of the first entry complete at this depth (it wins if no earlier one does). */
  readonly complete: number | undefined;
  /** Children by the next token's `tokenTypeIdx`, built on first use. */
  private readonly next: Array<TrieNode | undefined> = [];

  constructor(entries: Entry[], readonly depth: number) {
    let i = 0;
    while (i < entries.length && entries[i]!.path.length > depth) i++;
    this.pending = entries.slice(0, i);
    this.complete = i < entries.length ? entries[i]!.alt : undefined;
  }

  child(tokenTypeIdx: number): TrieNode {
    let n = this.next[tokenTypeIdx];
    if (n === undefined) {
      // The same test Chevrotain's scan applies to this token position.
      const probe = { tokenTypeIdx } as IToken;
      const d = this.depth;
      n = new TrieNode(this.pending.filter((e) => tokenMatcher(probe, e.path[d]!)), d + 1);
      this.next[tokenTypeIdx] = n;
    }
    return n;
  }
}

interface Lookahead {
  LA(howMuch: number): IToken;
}

/**
 * The alternative Chevrotain's scan would pick: the first entry, in order, whose whole path
 * matches. Walking down, a node's `complete` entry wins unless a deeper match comes from an
 * entry before it — so the deepest defined answer on the way down is the one.
 */
function decide(root: TrieNode, parser: Lookahead): number | undefined {
  let best: number | undefined;
  let node = root;
  for (;;) {
    if (node.complete !== undefined) best = node.complete;
    if (node.pending.length === 0) return best;
    node = node.child(parser.LA(node.depth + 1).tokenTypeIdx);
  }
}

type Decision = (parser: Lookahead) => number | undefined;

/**
 * The decision for these paths. When every path is one token long, a table by token type
 * (built as Chevrotain builds its own: the first alternative to claim a token type keeps it);
 * otherwise the trie.
 */
function compile(alternatives: LookaheadSequence[]): Decision {
  if (alternatives.every((paths) => paths.every((path) => path.length === 1))) {
    const table: number[] = [];
    alternatives.forEach((paths, alt) => {
      for (const [tok] of paths) {
        for (const idx of [tok!.tokenTypeIdx!, ...(tok!.categoryMatches ?? [])]) {
          if (table[idx] === undefined) table[idx] = alt;
        }
      }
    });
    return (parser) => table[parser.LA(1).tokenTypeIdx];
  }
  const entries: Entry[] = [];
  alternatives.forEach((paths, alt) => {
    for (const path of paths) entries.push({ alt, path });
  });
  const root = new TrieNode(entries, 0);
  return (parser) => decide(root, parser);
}

type AltOptions = Parameters<ILookaheadStrategy["buildLookaheadForAlternation"]>[0];
type OptOptions = Parameters<ILookaheadStrategy["buildLookaheadForOptional"]>[0];
type AltDecision = ReturnType<ILookaheadStrategy["buildLookaheadForAlternation"]>;

export class IndexedLookahead implements ILookaheadStrategy {
  private readonly llk: ILookaheadStrategy & ILLkLookaheadValidator;

  constructor(maxLookahead: number) {
    this.llk = new LLkLookaheadStrategy({ maxLookahead });
  }

  /** Grammar validation (only when the parser is built with validations on) is Chevrotain's. */
  validate(options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }) {
    return this.llk.validate(options);
  }

  buildLookaheadForAlternation(options: AltOptions): AltDecision {
    if (options.hasPredicates || options.dynamicTokensEnabled) {
      let built: AltDecision | undefined;
      const llk = this.llk;
      return function (this: unknown, orAlts) {
        built ??= llk.buildLookaheadForAlternation(options);
        return built.call(this, orAlts);
      };
    }
    let decision: Decision | undefined;
    const { prodOccurrence, rule, maxLookahead } = options;
    return function (this: Lookahead) {
      decision ??= compile(getLookaheadPaths({ occurrence: prodOccurrence, rule, prodType: "Alternation", maxLookahead }));
      return decision(this);
    };
  }

  buildLookaheadForOptional(options: OptOptions): () => boolean {
    if (options.dynamicTokensEnabled) return this.llk.buildLookaheadForOptional(options);
    let decision: Decision | undefined;
    const { prodOccurrence, rule, maxLookahead, prodType } = options;
    return function (this: Lookahead) {
      // Chevrotain's optional decision uses the paths into the production only ([0]).
      decision ??= compile([getLookaheadPaths({ occurrence: prodOccurrence, rule, prodType: prodType as OptionalProductionType, maxLookahead })[0]!]);
      return decision(this) === 0;
    };
  }
}
