/**
 * The contract between the HTTP receiver and the processing behind it. The receiver verifies,
 * parses, validates and dedupes; the processor decides and acts. Neither knows the other's insides.
 */
import type { Logger } from 'pino';
import type { CommentVisibility, JiraUser, Status } from '../domain/index.ts';

/** Webhook events the service acts on; every other event is answered 204 without processing. */
export const HANDLED_EVENTS = ['comment_created', 'jira:issue_updated'] as const;
export type HandledEvent = (typeof HANDLED_EVENTS)[number];

/** What every handled payload says about the issue (comment events carry a reduced set of fields). */
export interface WebhookIssue {
  id: string;
  key: string;
  projectKey: string;
  projectId?: string;
  status?: Status;
  issueTypeId?: string;
}

export interface CommentCreatedPayload {
  webhookEvent: 'comment_created';
  timestamp: number;
  issue: WebhookIssue;
  comment: {
    id: string;
    author?: JiraUser;
    /** wiki string in real captures, ADF object possible */
    body?: unknown;
    createdMs?: number;
    /** false for JSM internal notes; true although a visibility restriction hides it */
    jsdPublic?: boolean;
    /** false when the comment was e-mailed by someone who is not part of the request */
    jsdAuthorCanSeeRequest?: boolean;
    /** the group or role the comment is restricted to, when it is */
    visibility?: CommentVisibility;
  };
}

export interface StatusChangeItem {
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface IssueUpdatedPayload {
  webhookEvent: 'jira:issue_updated';
  timestamp: number;
  issue: WebhookIssue;
  user?: JiraUser;
  /** only the status items of the changelog */
  statusChanges: StatusChangeItem[];
}

export type HandledPayload = CommentCreatedPayload | IssueUpdatedPayload;

export interface Delivery {
  /** X-Atlassian-Webhook-Identifier: unique per delivery, the same across Jira's retries */
  identifier: string;
  /** X-Atlassian-Webhook-Retry, 0 on the first attempt */
  retry: number;
  payload: HandledPayload;
  receivedAtMs: number;
  /** how it was authenticated: an admin webhook signature or the Automation shared token */
  via: 'signature' | 'token';
}

/** What processing a delivery came to; the receiver turns it into a status code. */
export type ProcessResult =
  | { outcome: 'acted'; actions: string[]; reason: string }
  | { outcome: 'no-action'; reason: string }
  /** Jira failed in a way worth retrying (429, 5xx, network): answer 503 so Jira sends it again */
  | { outcome: 'transient-failure'; reason: string }
  /** a permanent problem (a transition that does not exist): logged, answered 200 so Jira stops */
  | { outcome: 'failed'; reason: string };

/**
 * What screening a payload came to: the reason it is ignored, or what processing it needs. The
 * receiver does not look inside `screened`; it hands it to `process()` as it is.
 */
export type Screening<Screened> = { ignore: string } | { screened: Screened };

/**
 * `Screened` is whatever the processor's screen found that processing needs (the project config
 * for the real processor), so nothing is looked up twice.
 */
export interface DeliveryProcessor<Screened = unknown> {
  /**
   * A cheap, synchronous look at the payload before any Jira call: the reason it is ignored (a
   * project or status the config does not know), or what to process it with. Ignored deliveries
   * are 204.
   */
  screen(payload: HandledPayload): Screening<Screened>;
  /** Processes a delivery that screening let through, with what screening found. */
  process(delivery: Delivery, screened: Screened, log: Logger): Promise<ProcessResult>;
}
