/**
 * /readyz's view of Jira, kept in memory by a background check: one `myself` call per interval,
 * never two in flight. A probe reads what the last checks found and never calls Jira itself, so
 * probes answer in milliseconds however slow Jira is, and a struggling Jira gets no probe load.
 */

/** One background check, as /readyz and the metrics show it. */
export interface JiraCheck {
  at: string;
  durationMs: number;
  ok: boolean;
  /** why it failed (scrubbed by the caller's describe) */
  error?: string;
}

export interface JiraReadiness {
  ready: boolean;
  /** "ok", or why Jira does not count as reachable */
  jira: string;
  lastCheck?: JiraCheck;
  lastSuccessAt?: string;
}

export interface JiraHeartbeatOptions {
  /** the check itself: the gateway's `myself` */
  check: () => Promise<unknown>;
  /** how often to check */
  intervalMs: number;
  /** how recent a success must be for Jira to count as reachable */
  maxAgeMs: number;
  now: () => number;
  /** a success seen elsewhere (the bot account's own `myself`), epoch ms, 0 when none */
  otherSuccessMs?: () => number;
  /** an error as /readyz may show it (scrubbed of secrets) */
  describe: (error: unknown) => string;
  onCheck?: (check: JiraCheck) => void;
}

export class JiraHeartbeat {
  private readonly options: JiraHeartbeatOptions;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSuccessMs = 0;
  private last: JiraCheck | undefined;

  constructor(options: JiraHeartbeatOptions) {
    this.options = options;
  }

  /** Checks now, then every interval, until stopped. */
  start(): void {
    if (this.timer) return;
    void this.check();
    this.timer = setInterval(() => void this.check(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One check; a call while one is in flight shares it. Never rejects. */
  check(): Promise<void> {
    this.inFlight ??= this.run().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Resolves once no check is in flight (for shutdown and tests); starts none. */
  async idle(): Promise<void> {
    await this.inFlight;
  }

  /** What the checks found so far, from memory. */
  readiness(): JiraReadiness {
    const { now, maxAgeMs } = this.options;
    const successMs = Math.max(this.lastSuccessMs, this.options.otherSuccessMs?.() ?? 0);
    const facts = {
      ...(this.last ? { lastCheck: this.last } : {}),
      ...(successMs > 0 ? { lastSuccessAt: new Date(successMs).toISOString() } : {}),
    };
    if (successMs > 0 && now() - successMs <= maxAgeMs)
      return { ready: true, jira: 'ok', ...facts };
    return { ready: false, jira: this.problem(successMs), ...facts };
  }

  private problem(successMs: number): string {
    if (this.last && !this.last.ok) return `unreachable: ${this.last.error ?? 'unknown error'}`;
    if (successMs === 0) return 'not checked yet: the first check of Jira is under way';
    const seconds = Math.round((this.options.now() - successMs) / 1000);
    return `no answer from Jira for ${seconds} s (a check is under way)`;
  }

  private async run(): Promise<void> {
    const { now } = this.options;
    const startedMs = now();
    const started = performance.now();
    let check: JiraCheck;
    try {
      await this.options.check();
      this.lastSuccessMs = now();
      check = { at: new Date(startedMs).toISOString(), durationMs: elapsed(started), ok: true };
    } catch (error) {
      check = {
        at: new Date(startedMs).toISOString(),
        durationMs: elapsed(started),
        ok: false,
        error: this.options.describe(error),
      };
    }
    this.last = check;
    try {
      this.options.onCheck?.(check);
    } catch {
      // A metric must never break readiness.
    }
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
