/**
 * The time the sandbox stamps on what it records. Frozen at a set instant (so a test can write
 * history "in the past" and get the same timestamps every run) or the real clock.
 */
export class SandboxClock {
  private fixedMs: number | null = null;

  now(): number {
    return this.fixedMs ?? Date.now();
  }

  /** A fixed instant, or null for the real clock. */
  set(instantMs: number | null): void {
    this.fixedMs = instantMs;
  }

  /** Moves a frozen clock forward (no effect on the real clock). */
  advance(ms: number): void {
    if (this.fixedMs !== null) this.fixedMs += ms;
  }

  isFixed(): boolean {
    return this.fixedMs !== null;
  }
}
