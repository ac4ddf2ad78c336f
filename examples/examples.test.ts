// The example contracts in examples/: each compiles from its file, deploys on a fresh world and
// plays a realistic scenario on both engines (V8Engine and InterpEngine, held to identical results
// and final states by `onBothEngines`), asserting state, balances, decoded events and decoded
// revert errors.

import { describe, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { compileFiles } from "../compiler/driver/compile.js";
import { compileOne, onBothEngines, Session } from "../compiler/driver/compile-testkit.js";
import { encodeCall, decodeReturn, decodeError, decodeEvent } from "../stdlib/abi/index.js";
import { ALICE, ALICE_FUNDS, TEST_BLOCK, addr, concat } from "../vm/exec/testkit.js";
import type { CompiledContract } from "../compiler/driver/compile.js";

const eq = (a: unknown, b: unknown) => expect(a).toEqual(b);
const message = (m: string) => ({ status: "revert", error: { kind: "message", message: m } });
const error = (name: string, values: Record<string, unknown>) => ({ status: "revert", error: { kind: "error", name, values }, events: [] });
const ev = (name: string, values: Record<string, unknown>) => ({ name, values, hashes: {} });
const ZERO = new Uint8Array(32);
const BOB = addr(0xb0), CAROL = addr(0xca), DAVE = addr(0xda);

function load(file: string): CompiledContract {
  const r = compileFiles([fileURLToPath(new URL(`./${file}`, import.meta.url))]);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || r.contracts.length !== 1) throw new Error(`${file}:\n${errors.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  return r.contracts[0]!;
}

/** Moves the chain to block `height` for the following calls. */
function atHeight(s: Session, height: bigint): void {
  s.w.vm.block = { ...s.w.vm.block, height };
}

describe("examples/nft.silk", () => {
  const nft = load("nft.silk");
  test("mint, approve, transfer, balances, events and errors on both engines", () => {
    onBothEngines(nft, eq, (s) => {
      expect(s.deploy().status).toBe("ok");
      // Only the admin (the deployer) mints.
      expect(s.call("mint", [BOB, 1n], { from: BOB })).toMatchObject(error("NotOwner", { caller: BOB }));
      const m1 = s.call("mint", [BOB, 1n]);
      expect(m1).toMatchObject({ status: "ok" });
      expect(m1.events).toEqual([ev("Transfer", { from: ZERO, to: BOB, id: 1n })]);
      expect(s.call("mint", [BOB, 2n]).status).toBe("ok");
      expect(s.call("mint", [CAROL, 1n << 255n]).status).toBe("ok");
      expect(s.call("mint", [CAROL, 1n])).toMatchObject(message("token already minted"));
      expect(s.call("mint", [ZERO, 9n])).toMatchObject(message("mint to the zero address"));
      expect(s.call("total_minted").value).toBe(3n);
      expect(s.call("owner_of", [1n]).value).toEqual(BOB);
      expect(s.call("owner_of", [1n << 255n]).value).toEqual(CAROL);
      expect(s.call("owner_of", [7n])).toMatchObject(error("NoSuchToken", { id: 7n }));
      expect(s.call("balance_of", [BOB]).value).toBe(2n);
      expect(s.call("balance_of", [CAROL]).value).toBe(1n);

      // A stranger can neither move nor approve Bob's token.
      expect(s.call("transfer", [DAVE, 1n], { from: CAROL })).toMatchObject(error("NotOwner", { caller: CAROL }));
      expect(s.call("approve", [CAROL, 1n], { from: DAVE })).toMatchObject(error("NotOwner", { caller: DAVE }));
      expect(s.call("transfer", [DAVE, 7n], { from: BOB })).toMatchObject(error("NoSuchToken", { id: 7n }));

      // Bob approves Carol for token 1; Carol moves it to Dave; the approval is used up.
      const ap = s.call("approve", [CAROL, 1n], { from: BOB });
      expect(ap.events).toEqual([ev("Approval", { owner: BOB, approved: CAROL, id: 1n })]);
      expect(s.call("approved", [1n]).value).toEqual(CAROL);
      expect(s.call("transfer", [DAVE, 2n], { from: CAROL })).toMatchObject(error("NotOwner", { caller: CAROL }));
      const t = s.call("transfer", [DAVE, 1n], { from: CAROL });
      expect(t).toMatchObject({ status: "ok" });
      expect(t.events).toEqual([ev("Transfer", { from: BOB, to: DAVE, id: 1n })]);
      expect(s.call("approved", [1n]).value).toEqual(ZERO);
      expect(s.call("owner_of", [1n]).value).toEqual(DAVE);
      expect(s.call("transfer", [CAROL, 1n], { from: CAROL })).toMatchObject(error("NotOwner", { caller: CAROL }));
      expect(s.call("transfer", [BOB, 1n], { from: BOB })).toMatchObject(error("NotOwner", { caller: BOB }));

      // The holder transfers directly.
      expect(s.call("transfer", [ZERO, 2n], { from: BOB })).toMatchObject(message("transfer to the zero address"));
      expect(s.call("transfer", [CAROL, 2n], { from: BOB }).events).toEqual([ev("Transfer", { from: BOB, to: CAROL, id: 2n })]);
      expect([BOB, CAROL, DAVE].map((a) => s.call("balance_of", [a]).value)).toEqual([0n, 2n, 1n]);
      expect(s.call("owner_of", [2n]).value).toEqual(CAROL);
      // No value is accepted.
      expect(s.call("mint", [BOB, 5n], { value: 1n })).toMatchObject(message("silk: not payable"));
    });
  });
});

describe("examples/vote.silk", () => {
  const vote = load("vote.silk");
  const name = (s: string) => { const b = new Uint8Array(32); b.set(new TextEncoder().encode(s)); return b; };
  const [TEA, COFFEE, WATER] = [name("tea"), name("coffee"), name("water")];
  const deadline = TEST_BLOCK.height + 10n;
  test("vote once before the deadline, tally, winner after it, on both engines", () => {
    onBothEngines(vote, eq, (s) => {
      expect(s.deploy([[TEA], deadline])).toMatchObject(message("need at least two proposals"));
      expect(s.deploy([[TEA, COFFEE], TEST_BLOCK.height - 1n])).toMatchObject(message("deadline in the past"));
      expect(s.deploy([[TEA, COFFEE, WATER], deadline]).status).toBe("ok");
      expect(s.call("proposal_count").value).toBe(3n);
      expect(s.call("deadline").value).toBe(deadline);

      // Too early for a winner.
      expect(s.call("winner")).toMatchObject(error("VotingOpen", { deadline, height: TEST_BLOCK.height }));

      const v = s.call("vote", [1n], { from: BOB });
      expect(v).toMatchObject({ status: "ok" });
      expect(v.events).toEqual([ev("Voted", { voter: BOB, proposal: 1n, tally: 1n })]);
      expect(s.call("vote", [2n], { from: BOB })).toMatchObject(error("AlreadyVoted", { voter: BOB, proposal: 1n }));
      expect(s.call("vote", [3n], { from: CAROL })).toMatchObject(error("NoSuchProposal", { proposal: 3n, count: 3n }));
      expect(s.call("has_voted", [CAROL]).value).toBe(false);
      expect(s.call("vote", [2n], { from: CAROL }).status).toBe("ok");

      // The last block that accepts ballots is the deadline itself.
      atHeight(s, deadline);
      expect(s.call("vote", [1n], { from: DAVE }).events).toEqual([ev("Voted", { voter: DAVE, proposal: 1n, tally: 2n })]);
      expect(s.call("winner")).toMatchObject(error("VotingOpen", { deadline, height: deadline }));

      atHeight(s, deadline + 1n);
      expect(s.call("vote", [0n])).toMatchObject(error("VotingClosed", { deadline, height: deadline + 1n }));
      expect(s.call("has_voted", [ALICE]).value).toBe(false);
      expect(s.call("has_voted", [BOB]).value).toBe(true);
      expect([0n, 1n, 2n].map((i) => s.call("proposal", [i]).value)).toEqual([[TEA, 0n], [COFFEE, 2n], [WATER, 1n]]);
      expect(s.call("proposal", [3n])).toMatchObject(error("NoSuchProposal", { proposal: 3n, count: 3n }));
      expect(s.call("turnout").value).toBe(3n);
      expect(s.call("winner")).toMatchObject({ status: "ok", value: [1n, COFFEE, 2n] });
    });
  });
  test("a tie goes to the proposal listed first; no votes elects the first", () => {
    onBothEngines(vote, eq, (s) => {
      expect(s.deploy([[TEA, COFFEE], deadline]).status).toBe("ok");
      atHeight(s, deadline + 1n);
      expect(s.call("winner").value).toEqual([0n, TEA, 0n]);
    });
    onBothEngines(vote, eq, (s) => {
      expect(s.deploy([[TEA, COFFEE, WATER], deadline]).status).toBe("ok");
      expect(s.call("vote", [2n], { from: BOB }).status).toBe("ok");
      expect(s.call("vote", [1n], { from: CAROL }).status).toBe("ok");
      atHeight(s, 1n << 63n);
      expect(s.call("winner").value).toEqual([1n, COFFEE, 1n]);
    });
  });
});

describe("examples/auction.silk", () => {
  const auction = load("auction.silk");
  const deadline = TEST_BLOCK.height + 5n;
  test("bids, refunds, withdrawals and the end, with balances, on both engines", () => {
    onBothEngines(auction, eq, (s) => {
      const st = s.w.state;
      for (const a of [BOB, CAROL, DAVE]) st.setBalance(a, 1_000n);
      const bal = () => [ALICE, BOB, CAROL, DAVE, s.address].map((a) => st.getBalance(a));
      expect(s.deploy([TEST_BLOCK.height - 1n])).toMatchObject(message("deadline in the past"));
      expect(s.deploy([deadline]).status).toBe("ok"); // Alice sells.
      expect(s.call("bid", [], { from: BOB })).toMatchObject(error("BidTooLow", { bid: 0n, highest: 0n }));

      const b1 = s.call("bid", [], { from: BOB, value: 100n });
      expect(b1).toMatchObject({ status: "ok" });
      expect(b1.events).toEqual([ev("HighestBidIncreased", { bidder: BOB, amount: 100n })]);
      expect(s.call("bid", [], { from: CAROL, value: 100n })).toMatchObject(error("BidTooLow", { bid: 100n, highest: 100n }));
      expect(s.call("bid", [], { from: CAROL, value: 150n }).status).toBe("ok");
      expect(s.call("pending_return", [BOB]).value).toBe(100n);
      // Bob outbids Carol with more money; his earlier 100 stays withdrawable.
      expect(s.call("bid", [], { from: BOB, value: 200n }).status).toBe("ok");
      expect(s.call("pending_return", [BOB]).value).toBe(100n);
      expect(s.call("pending_return", [CAROL]).value).toBe(150n);
      expect(s.call("highest").value).toEqual([BOB, 200n]);
      expect(bal()).toEqual([ALICE_FUNDS, 700n, 850n, 1_000n, 450n]);

      // Carol withdraws her refund (once); Dave has nothing to withdraw.
      const w = s.call("withdraw", [], { from: CAROL });
      expect(w).toMatchObject({ status: "ok", value: 150n });
      expect(w.events).toEqual([ev("Withdrawn", { bidder: CAROL, amount: 150n })]);
      expect(s.call("withdraw", [], { from: CAROL })).toMatchObject({ status: "ok", value: 0n, events: [] });
      expect(s.call("withdraw", [], { from: DAVE })).toMatchObject({ status: "ok", value: 0n, events: [] });
      expect(s.call("withdraw", [], { from: CAROL, value: 1n })).toMatchObject(message("silk: not payable"));

      // Too early to end; bids are still accepted at the deadline block itself.
      expect(s.call("end", [], { from: DAVE })).toMatchObject(error("AuctionNotEnded", { deadline, height: TEST_BLOCK.height }));
      atHeight(s, deadline);
      expect(s.call("bid", [], { from: DAVE, value: 300n }).status).toBe("ok");
      expect(s.call("pending_return", [BOB]).value).toBe(300n);
      expect(s.call("end")).toMatchObject(error("AuctionNotEnded", { deadline, height: deadline }));

      atHeight(s, deadline + 1n);
      expect(s.call("bid", [], { from: CAROL, value: 500n })).toMatchObject(error("AuctionEnded", { deadline }));
      expect(st.getBalance(CAROL)).toBe(1_000n); // a reverted bid keeps its value
      const e = s.call("end", [], { from: CAROL });
      expect(e).toMatchObject({ status: "ok" });
      expect(e.events).toEqual([ev("AuctionClosed", { winner: DAVE, amount: 300n })]);
      expect(s.call("ended").value).toBe(true);
      expect(s.call("end")).toMatchObject(error("AuctionEnded", { deadline }));
      expect(bal()).toEqual([ALICE_FUNDS + 300n, 700n, 1_000n, 700n, 300n]);

      // Bob's refunds (100 + 200) are still his to withdraw after the end.
      expect(s.call("withdraw", [], { from: BOB })).toMatchObject({ status: "ok", value: 300n });
      expect(bal()).toEqual([ALICE_FUNDS + 300n, 1_000n, 1_000n, 700n, 0n]);
    });
  });
  test("an auction with no bids ends without paying anyone", () => {
    onBothEngines(auction, eq, (s) => {
      expect(s.deploy([TEST_BLOCK.height]).status).toBe("ok");
      atHeight(s, TEST_BLOCK.height + 1n);
      expect(s.call("end").events).toEqual([ev("AuctionClosed", { winner: ZERO, amount: 0n })]);
      expect(s.w.state.getBalance(ALICE)).toBe(ALICE_FUNDS);
    });
  });
});

describe("examples/multisig.silk", () => {
  const path = fileURLToPath(new URL("./multisig.silk", import.meta.url));
  const real = compileFiles([path]);
  const secrets = [1, 2, 3].map((i) => new Uint8Array(32).fill(i));
  const keys = secrets.map((sk) => ed25519.getPublicKey(sk));
  type Signer = (i: number, msg: Uint8Array) => Uint8Array;
  const edSign: Signer = (i, msg) => ed25519.sign(msg, secrets[i]!);

  const le = (x: bigint, n: number) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++, x >>= 8n) b[i] = Number(x & 0xffn); return b; };
  /** The payment message, the ABI encoding of (wallet: address, nonce: u64, to: address, amount: u256). */
  const payment = (wallet: Uint8Array, nonce: bigint, to: Uint8Array, amount: bigint) => concat(wallet, le(nonce, 8), to, le(amount, 32));

  function scenario(c: CompiledContract, sign: Signer) {
    onBothEngines(c, eq, (s) => {
      const st = s.w.state;
      st.setBalance(BOB, 10_000n);
      expect(s.deploy([keys, 0n])).toMatchObject(message("bad threshold"));
      expect(s.deploy([keys, 4n])).toMatchObject(message("bad threshold"));
      expect(s.deploy([[keys[0], keys[1], keys[0]], 2n])).toMatchObject(message("duplicate key"));
      expect(s.deploy([keys, 2n], { value: 1_000n }).status).toBe("ok"); // 2-of-3, funded by Alice
      const wallet = s.address;
      expect(s.call("threshold").value).toBe(2n);
      expect(s.call("key", [2n]).value).toEqual(keys[2]);
      const dep = s.call("deposit", [], { from: BOB, value: 500n });
      expect(dep.events).toEqual([ev("Deposited", { from: BOB, amount: 500n })]);
      expect(st.getBalance(wallet)).toBe(1_500n);

      // Pay Carol 600: malformed, misdirected and forged submissions are refused.
      const m0 = payment(wallet, 0n, CAROL, 600n);
      const d0 = sha256(m0);
      expect(s.call("sign", [3n, m0, sign(0, m0)], { from: DAVE })).toMatchObject(error("UnknownSigner", { signer: 3n }));
      expect(s.call("sign", [0n, m0, sign(1, m0)], { from: DAVE })).toMatchObject(error("BadSignature", { signer: 0n }));
      const tampered = payment(wallet, 0n, DAVE, 600n);
      expect(s.call("sign", [0n, tampered, sign(0, m0)], { from: DAVE })).toMatchObject(error("BadSignature", { signer: 0n }));
      expect(s.call("sign", [0n, m0.subarray(0, 103), sign(0, m0)])).toMatchObject(error("BadMessage", { len: 103n }));
      const other = payment(BOB, 0n, CAROL, 600n);
      expect(s.call("sign", [0n, other, sign(0, other)])).toMatchObject(error("WrongWallet", { wallet: BOB }));
      const early = payment(wallet, 1n, CAROL, 600n);
      expect(s.call("sign", [0n, early, sign(0, early)])).toMatchObject(error("WrongNonce", { expected: 0n, got: 1n }));

      // Owner 0 signs (relayed by Dave); a second copy is refused; owner 2 reaches the threshold.
      const s0 = s.call("sign", [0n, m0, sign(0, m0)], { from: DAVE });
      expect(s0).toMatchObject({ status: "ok", value: 1n });
      expect(s0.events).toEqual([ev("Signed", { digest: d0, signer: 0n, count: 1n })]);
      expect(s.call("signatures", [d0]).value).toBe(1n);
      expect(s.call("sign", [0n, m0, sign(0, m0)])).toMatchObject(error("AlreadySigned", { signer: 0n }));
      expect(st.getBalance(CAROL)).toBe(0n);
      const s2 = s.call("sign", [2n, m0, sign(2, m0)], { from: DAVE });
      expect(s2).toMatchObject({ status: "ok", value: 2n });
      expect(s2.events).toEqual([ev("Signed", { digest: d0, signer: 2n, count: 2n }), ev("Executed", { nonce: 0n, to: CAROL, amount: 600n })]);
      expect([st.getBalance(wallet), st.getBalance(CAROL)]).toEqual([900n, 600n]);
      expect(s.call("nonce").value).toBe(1n);
      // The executed message cannot be replayed, even with a fresh signature.
      expect(s.call("sign", [1n, m0, sign(1, m0)])).toMatchObject(error("WrongNonce", { expected: 1n, got: 0n }));

      // A payment larger than the wallet fails at the threshold and leaves no trace.
      const m1 = payment(wallet, 1n, DAVE, 5_000n);
      const d1 = sha256(m1);
      expect(s.call("sign", [1n, m1, sign(1, m1)]).value).toBe(1n);
      expect(s.call("sign", [0n, m1, sign(0, m1)])).toMatchObject(error("InsufficientFunds", { have: 900n, need: 5_000n }));
      expect(s.call("signatures", [d1]).value).toBe(1n);
      expect(s.call("nonce").value).toBe(1n);

      // The whole balance, to Dave, signed by owners 1 and 0.
      const m2 = payment(wallet, 1n, DAVE, 900n);
      expect(s.call("sign", [1n, m2, sign(1, m2)]).value).toBe(1n);
      expect(s.call("sign", [0n, m2, sign(0, m2)]).events[1]).toEqual(ev("Executed", { nonce: 1n, to: DAVE, amount: 900n }));
      expect([st.getBalance(wallet), st.getBalance(DAVE), st.getBalance(BOB)]).toEqual([0n, 900n, 9_500n]);
      expect(s.call("nonce").value).toBe(2n);
      expect(s.call("sign", [1n, m2, sign(1, m2)], { value: 1n })).toMatchObject(message("silk: not payable"));
    });
  }

  test("compiles without diagnostics", () => {
    expect(real.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
  test("2-of-3 payments with ed25519_verify and @noble/curves signatures, on both engines", () => {
    scenario(real.contracts[0]!, edSign);
  });
});

describe("examples/escrow.silk", () => {
  const token = load("token.silk");
  const escrow = load("escrow.silk");
  const SELLER = BOB, ARBITER = CAROL;

  /**
   * A call whose execution spans several contracts: events are decoded with the ABI of the
   * contract that emitted them (tagged with its name); a revert is decoded with the callee's ABI,
   * falling back to the others' (a failed nested call propagates the callee's revert data).
   */
  function multi(s: Session, all: Record<string, Session>, fn: string, args: unknown[] = [], from = ALICE) {
    const r = s.w.vm.call({ from, to: s.address, input: encodeCall(s.abi, fn, args), gas: 50_000_000n });
    const owner = (a: Uint8Array) => Object.entries(all).find(([, x]) => Buffer.from(x.address).equals(Buffer.from(a)))!;
    const events = r.events.map((e) => {
      const [name, x] = owner(e.address);
      const d = decodeEvent(x.abi, e.topics, e.data);
      return { contract: name, name: d.event.name, values: d.values };
    });
    const out: { status: string; events: unknown[]; value?: unknown; error?: unknown } = { status: r.status, events };
    if (r.status === "ok") out.value = decodeReturn(s.abi, fn, r.returnData);
    if (r.status === "revert") {
      for (const x of [s, ...Object.values(all)]) {
        try { out.error = decodeError(x.abi, r.returnData); break; } catch { /* try the next ABI */ }
      }
    }
    return out;
  }

  function setup(s: Session) {
    expect(s.deploy([1_000n]).status).toBe("ok"); // Alice (the buyer) holds every token
    const e = new Session(s.w, escrow);
    expect(e.deploy([s.address, SELLER, ARBITER, 0n])).toMatchObject(message("nothing to escrow"));
    expect(e.deploy([s.address, SELLER, ARBITER, 300n]).status).toBe("ok");
    return { t: s, e, all: { token: s, escrow: e } };
  }
  const balances = (t: Session, e: Session) => [ALICE, SELLER, e.address].map((a) => t.call("balance_of", [a]).value);

  test("deposit through the token's allowance, then release to the seller, on both engines", () => {
    onBothEngines(token, eq, (s) => {
      const { t, e, all } = setup(s);
      expect(e.call("stage").value).toBe(0n);
      expect(e.call("release")).toMatchObject(error("WrongStage", { stage: 0n }));
      expect(e.call("deposit", [], { from: SELLER })).toMatchObject(error("NotParty", { caller: SELLER }));
      // Without an allowance the token refuses, and the escrow's call fails with it.
      const noAllowance = multi(e, all, "deposit");
      expect(noAllowance).toMatchObject({ status: "revert", events: [], error: { kind: "error", name: "InsufficientAllowance", values: { have: 0n, need: 300n } } });
      expect(e.call("stage").value).toBe(0n);

      expect(t.call("approve", [e.address, 300n]).status).toBe("ok");
      const dep = multi(e, all, "deposit");
      expect(dep).toMatchObject({ status: "ok" });
      expect(dep.events).toEqual([
        { contract: "token", name: "Transfer", values: { from: ALICE, to: e.address, amount: 300n } },
        { contract: "escrow", name: "Deposited", values: { buyer: ALICE, amount: 300n } },
      ]);
      expect(e.call("stage").value).toBe(1n);
      expect(e.call("held").value).toBe(300n);
      expect(t.call("allowance", [ALICE, e.address]).value).toBe(0n);
      expect(balances(t, e)).toEqual([700n, 0n, 300n]);
      expect(e.call("deposit")).toMatchObject(error("WrongStage", { stage: 1n }));

      expect(e.call("release", [], { from: SELLER })).toMatchObject(error("NotParty", { caller: SELLER }));
      const rel = multi(e, all, "release");
      expect(rel.events).toEqual([
        { contract: "token", name: "Transfer", values: { from: e.address, to: SELLER, amount: 300n } },
        { contract: "escrow", name: "Released", values: { seller: SELLER, amount: 300n } },
      ]);
      expect(balances(t, e)).toEqual([700n, 300n, 0n]);
      expect(e.call("stage").value).toBe(2n);
      expect(e.call("refund", [], { from: ARBITER })).toMatchObject(error("WrongStage", { stage: 2n }));
      expect(e.call("release")).toMatchObject(error("WrongStage", { stage: 2n }));
    });
  });

  test("the arbiter refunds the buyer, on both engines", () => {
    onBothEngines(token, eq, (s) => {
      const { t, e, all } = setup(s);
      expect(t.call("approve", [e.address, 1_000n]).status).toBe("ok");
      expect(multi(e, all, "deposit").status).toBe("ok");
      expect(e.call("refund", [], { from: ALICE })).toMatchObject(error("NotParty", { caller: ALICE }));
      expect(e.call("refund", [], { from: DAVE })).toMatchObject(error("NotParty", { caller: DAVE }));
      const ref = multi(e, all, "refund", [], ARBITER);
      expect(ref.events).toEqual([
        { contract: "token", name: "Transfer", values: { from: e.address, to: ALICE, amount: 300n } },
        { contract: "escrow", name: "Refunded", values: { buyer: ALICE, amount: 300n } },
      ]);
      expect(balances(t, e)).toEqual([1_000n, 0n, 0n]);
      expect(e.call("stage").value).toBe(3n);
      expect(t.call("allowance", [ALICE, e.address]).value).toBe(700n);
    });
  });
});
