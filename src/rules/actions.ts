import type { ProjectConfig, TransitionConfig, TransitionTarget } from '../config/index.ts';
import type { StatusRef } from '../domain/index.ts';
import type { DecisionCode } from './reason-codes.ts';

/**
 * The transition to take into a target status and the fields to send: the project's
 * `transitions.<target>`, with the target named so that a problem can say what to set.
 */
export type TransitionChoice = TransitionConfig & { target: TransitionTarget };

/** What a rule asks for; the action runner performs it through the gateway, or a dry run prints it. */
export type Action =
  | { type: 'transition'; to: StatusRef; via?: TransitionChoice; why: string }
  | { type: 'assign'; accountId: string; why: string }
  | {
      type: 'comment';
      text: string;
      internal: boolean;
      /** comment properties, e.g. the marker of the validation cycle a closing comment belongs to */
      properties?: Record<string, Record<string, unknown>>;
      why: string;
    }
  | {
      type: 'set-property';
      key: string;
      value: Record<string, unknown>;
      /** a field of `value` to fill with the creation time (Jira's clock) of the comment just posted */
      stampWithCommentTime?: string;
      why: string;
    }
  | {
      /** a later copy of one of the service's marked comments (two runs raced, or one crashed) */
      type: 'delete-comment';
      commentId: string;
      why: string;
    };

export type RuleName = 'customer-reply' | 'customer-rejection' | 'auto-close' | 'reminder' | 'none';

/** A rule's verdict: the actions to take (possibly none) and why, for the log line. */
export interface Decision {
  rule: RuleName;
  actions: Action[];
  reason: string;
  /**
   * Why, machine-readable. Every rule sets it (RuleDecision); optional here so that code which
   * rewrites a rule's decision (the catch-up sweep leaving one for the night) need not invent one.
   */
  code?: DecisionCode;
}

/** A decision as the rules return it: always with its code. */
export interface RuleDecision extends Decision {
  code: DecisionCode;
}

export function noAction(code: DecisionCode, reason: string): RuleDecision {
  return { rule: 'none', actions: [], reason, code };
}

/** A move into one of the project's target statuses, through the transition its file names. */
export function transitionTo(
  project: ProjectConfig,
  target: TransitionTarget,
  why: string,
): Extract<Action, { type: 'transition' }> {
  return {
    type: 'transition',
    to: project.statuses[target],
    via: { target, ...project.transitions[target] },
    why,
  };
}
