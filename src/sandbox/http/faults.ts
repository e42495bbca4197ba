import type { RequestHandler } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { seededRandom } from '../prng.ts';
import { JiraHttpError, sendError } from './errors.ts';

const share = z.number().min(0).max(1);

/** What can go wrong, on purpose. All shares are 0..1; every field is optional in a request. */
export const faultSettingsSchema = z.strictObject({
  /** added to every answer */
  latencyMs: z.number().int().min(0).default(0),
  /** plus a uniform random 0..jitterMs */
  jitterMs: z.number().int().min(0).default(0),
  /** a token bucket: `burst` requests at once, refilled at `requestsPerSecond` */
  rateLimit: z
    .strictObject({
      requestsPerSecond: z.number().positive(),
      burst: z.number().int().min(1).optional(),
    })
    .nullable()
    .default(null),
  /** share of requests answered 500, or 503 with Retry-After (half each) */
  errorRate: share.default(0),
  /** share of requests whose connection is destroyed without an answer */
  dropRate: share.default(0),
  /** the PRNG seed: the same seed and request sequence give the same faults */
  seed: z.number().int().default(1),
  /**
   * Requests about one issue (its key or id in the path) answered with a refusal for good, as
   * when the bot lost a permission on it mid-run; `methods` limits it (default: every method).
   */
  refusals: z
    .array(
      z.strictObject({
        issue: z.string().min(1),
        methods: z.array(z.enum(['GET', 'POST', 'PUT', 'DELETE'])).optional(),
        status: z.union([z.literal(403), z.literal(404), z.literal(409), z.literal(413)]),
      }),
    )
    .default([]),
});

export type FaultSettings = z.output<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;

export interface FaultCounts {
  rateLimited: number;
  serverErrors: number;
  dropped: number;
  refused: number;
}

/** Jira's words for each refusal (the OpenAPI description's reasons for these codes). */
const REFUSAL_TEXT = {
  403: 'You do not have the permission to perform this action on this issue.',
  404: 'Issue does not exist or you do not have permission to see it.',
  409: 'The issue could not be updated due to a conflicting update.',
  413: 'The per-issue limit has been breached for comments.',
} as const;

function refusalFor(settings: FaultSettings, method: string, path: string) {
  const match = /^\/rest\/api\/3\/issue\/([^/]+)/.exec(path);
  if (!match) return undefined;
  return settings.refusals.find(
    (r) => r.issue === match[1] && (!r.methods || r.methods.some((m) => m === method)),
  );
}

/**
 * Latency, Jira-style rate limiting (429 + Retry-After), 5xx answers and dropped connections for
 * the REST API (never for /_sandbox). Each request draws the same number of random values
 * whatever the settings, so a seed replays the same faults for the same request sequence.
 */
export class FaultInjector {
  private current: FaultSettings;
  private random: () => number;
  private tokens = 0;
  private refilledAt = 0;
  readonly counts: FaultCounts = { rateLimited: 0, serverErrors: 0, dropped: 0, refused: 0 };

  constructor(settings: FaultSettingsInput = {}) {
    this.current = faultSettingsSchema.parse(settings);
    this.random = seededRandom(this.current.seed);
    this.refill(true);
  }

  settings(): FaultSettings {
    return structuredClone(this.current);
  }

  /** Replaces every setting (unspecified ones go back to "no fault") and restarts the PRNG. */
  set(settings: FaultSettingsInput): FaultSettings {
    this.current = faultSettingsSchema.parse(settings);
    this.random = seededRandom(this.current.seed);
    this.refill(true);
    return this.settings();
  }

  resetCounts(): void {
    Object.assign(this.counts, { rateLimited: 0, serverErrors: 0, dropped: 0, refused: 0 });
  }

  readonly middleware: RequestHandler = async (req, res, next) => {
    const settings = this.current;
    const [jitter, drop, error, kind] = [
      this.random(),
      this.random(),
      this.random(),
      this.random(),
    ];
    const limit = settings.rateLimit;
    if (limit && !this.take()) {
      this.counts.rateLimited++;
      const burst = limit.burst ?? Math.max(1, Math.ceil(limit.requestsPerSecond));
      const waitSeconds = Math.max(1, Math.ceil((1 - this.tokens) / limit.requestsPerSecond));
      res.set({
        'Retry-After': String(waitSeconds),
        'X-RateLimit-Limit': String(burst),
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': new Date(Date.now() + waitSeconds * 1000).toISOString(),
        'RateLimit-Reason': 'jira-burst-based',
      });
      sendError(res, new JiraHttpError(429, ['Rate limit exceeded.']));
      return;
    }
    const delay = settings.latencyMs + Math.floor(jitter * settings.jitterMs);
    if (delay > 0) await sleep(delay);
    if (drop < settings.dropRate) {
      this.counts.dropped++;
      req.socket.destroy();
      return;
    }
    const refusal = refusalFor(settings, req.method, req.path);
    if (refusal) {
      this.counts.refused++;
      sendError(res, new JiraHttpError(refusal.status, [REFUSAL_TEXT[refusal.status]]));
      return;
    }
    if (error < settings.errorRate) {
      this.counts.serverErrors++;
      if (kind < 0.5) {
        res.set('Retry-After', '1');
        sendError(res, new JiraHttpError(503, ['Service Unavailable (sandbox fault).']));
      } else {
        sendError(res, new JiraHttpError(500, ['Internal server error (sandbox fault).']));
      }
      return;
    }
    next();
  };

  private take(): boolean {
    this.refill(false);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private refill(full: boolean): void {
    const limit = this.current.rateLimit;
    const now = performance.now();
    if (!limit) return;
    const burst = limit.burst ?? Math.max(1, Math.ceil(limit.requestsPerSecond));
    this.tokens = full
      ? burst
      : Math.min(burst, this.tokens + ((now - this.refilledAt) / 1000) * limit.requestsPerSecond);
    this.refilledAt = now;
  }
}
