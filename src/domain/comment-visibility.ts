/**
 * Whether the customer can see a comment: the one judgement the webhook path and the sweep share
 * (docs/architecture.md §6). Pure, on whatever Jira said of the comment, from a webhook body or a
 * REST read.
 */

/** Jira Service Management reads this comment property to make a comment internal. */
export const INTERNAL_COMMENT_PROPERTY = 'sd.public.comment';

/** Jira's Visibility: the comment is shown only to a group or a project role. */
export interface CommentVisibility {
  type?: string;
  /** the group's or the role's name */
  value?: string;
  /** the group's id or the role's name */
  identifier?: string;
}

/** What Jira says of a comment that decides who sees it. */
export interface CommentAudience {
  /** false for a JSM internal note; Jira leaves it true for a visibility restriction */
  jsdPublic?: boolean | undefined;
  visibility?: CommentVisibility | null | undefined;
  /** comment properties by key (a REST read with `expand=properties`; webhooks carry none) */
  properties?: Record<string, unknown>;
}

/**
 * A comment the customer does not see: JSM's internal note (`jsdPublic: false`, or the property
 * `sd.public.comment` `{internal: true}` that makes it one) or a comment restricted to a group or
 * role, which JSM still reports as `jsdPublic: true` although a portal customer cannot read it.
 */
export function isInternalComment(comment: CommentAudience): boolean {
  if (comment.jsdPublic === false) return true;
  if (isRestricted(comment.visibility)) return true;
  const property = comment.properties?.[INTERNAL_COMMENT_PROPERTY];
  return isRecord(property) && property.internal === true;
}

/** A Visibility that names a group or a role; an empty object restricts nothing. */
function isRestricted(visibility: CommentVisibility | null | undefined): boolean {
  if (!visibility) return false;
  return Boolean(visibility.type || visibility.value || visibility.identifier);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
