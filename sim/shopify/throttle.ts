import type { ShopPlan } from "./store";

/** Bucket size and restore rate per plan, as Shopify documents them for the GraphQL Admin API. */
export const PLAN_LIMITS: Record<ShopPlan, { maximumAvailable: number; restoreRate: number }> = {
  basic: { maximumAvailable: 1000, restoreRate: 50 },
  standard: { maximumAvailable: 2000, restoreRate: 100 },
  advanced: { maximumAvailable: 4000, restoreRate: 200 },
  plus: { maximumAvailable: 20000, restoreRate: 1000 },
};

export const MAX_SINGLE_QUERY_COST = 1000;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Leaky bucket: points restore continuously at restoreRate per second up to maximumAvailable. */
export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    public maximumAvailable: number,
    public restoreRate: number,
    private readonly now: () => number = Date.now,
  ) {
    this.available = maximumAvailable;
    this.updatedAt = now();
  }

  private refill(): void {
    const now = this.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.updatedAt) / 1000) * this.restoreRate);
    this.updatedAt = now;
  }

  /** Takes cost points if the bucket holds them; false means THROTTLED. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Returns points reserved for the requested cost that the actual cost did not use. */
  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  configure(input: { maximumAvailable?: number; restoreRate?: number; currentlyAvailable?: number }): void {
    this.refill();
    if (input.maximumAvailable !== undefined) this.maximumAvailable = input.maximumAvailable;
    if (input.restoreRate !== undefined) this.restoreRate = input.restoreRate;
    this.available = Math.min(this.maximumAvailable, input.currentlyAvailable ?? this.available);
  }

  status(): ThrottleStatus {
    this.refill();
    // Shopify reports whole points.
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }
}
