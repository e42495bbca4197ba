/**
 * A counting semaphore, first come first served: bounds how much work is in hand when the work
 * finishes one piece at a time but is taken in batches. (p-limit bounds tasks, not batches of them.)
 */
export class Permits {
  private free: number;
  private readonly capacity: number;
  private readonly waiting: Array<{ count: number; go: () => void }> = [];

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('capacity must be >= 1');
    this.capacity = capacity;
    this.free = capacity;
  }

  /**
   * Resolves once `count` permits are taken. Asking for more than the capacity waits until every
   * permit is free and then takes them all, rather than waiting for ever.
   */
  acquire(count: number): Promise<void> {
    const wanted = Math.min(count, this.capacity);
    if (this.waiting.length === 0 && this.free >= wanted) {
      this.free -= wanted;
      return Promise.resolve();
    }
    return new Promise((go) => this.waiting.push({ count: wanted, go }));
  }

  /** Gives permits back; waiters are served in the order they asked. */
  release(count = 1): void {
    this.free = Math.min(this.capacity, this.free + count);
    for (let next = this.waiting[0]; next && next.count <= this.free; next = this.waiting[0]) {
      this.waiting.shift();
      this.free -= next.count;
      next.go();
    }
  }
}
