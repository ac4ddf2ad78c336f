// The gas counter of one instance. Gas is a bigint at the interface (limits may exceed
// 2^53), but charging a bigint per metered block would dominate the interpreter's time, so
// the counter keeps up to 2^52 gas in a plain number (`fast`, exact integer arithmetic)
// and the remainder in `reserve`. The total is always `reserve + fast`; only the rare
// charge that `fast` cannot cover touches bigints.

import { Trap } from "../types.js";

const FAST_CAP = 2n ** 52n;

export class GasMeter {
  /** Gas available without touching the reserve; an integer in [0, 2^52]. */
  private fast = 0;
  private reserve: bigint;

  constructor(gas: bigint) {
    if (gas < 0n) throw new Error(`interp: negative gas limit ${gas}`);
    this.reserve = gas;
    this.refill();
  }

  left(): bigint {
    return this.reserve + BigInt(this.fast);
  }

  /** Charge a metered block's cost (a u32 from the plan). Out of gas consumes everything. */
  charge(cost: number): void {
    if (this.fast >= cost) this.fast -= cost;
    else this.chargeBig(BigInt(cost));
  }

  /** Charge any amount; on shortfall gas becomes 0 and Trap("out_of_gas") is thrown. */
  chargeBig(cost: bigint): void {
    if (cost < 0n) throw new Error(`interp: negative gas charge ${cost}`);
    const total = this.left();
    if (total < cost) {
      this.fast = 0;
      this.reserve = 0n;
      throw new Trap("out_of_gas");
    }
    this.reserve = total - cost;
    this.fast = 0;
    this.refill();
  }

  private refill(): void {
    const take = this.reserve < FAST_CAP ? this.reserve : FAST_CAP;
    this.fast = Number(take);
    this.reserve -= take;
  }
}
