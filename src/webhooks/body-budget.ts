/**
 * The bytes of webhook bodies being read before they can be authenticated, across all requests,
 * with a cap. A signature covers the whole body, so nothing proves who sent a signed body until its
 * last byte is in: without a cap, clients holding bodies open make the service buffer them all.
 */
export class BodyBudget {
  readonly limit: number;
  #used = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** bytes reserved by bodies being read now */
  get used(): number {
    return this.#used;
  }

  /** Reserves `bytes` if they fit under the cap; false (nothing reserved) if they do not. */
  tryReserve(bytes: number): boolean {
    if (this.#used + bytes > this.limit) return false;
    this.#used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}
