import type { ScreenFieldId } from './screen-fields.ts';

/**
 * The sandbox Jira's state, in Jira's own terms. Ids are strings, as Jira's REST API writes them;
 * instants are epoch milliseconds, formatted into Jira's timestamps only when rendered.
 */

export type AccountType = 'atlassian' | 'app' | 'customer';

export interface User {
  accountId: string;
  email: string;
  displayName: string;
  accountType: AccountType;
  active: boolean;
  timeZone: string;
  groups: string[];
  /** may manage admin webhooks (Jira's "Administer Jira" global permission) */
  siteAdmin: boolean;
  /**
   * The profile hides its details from others ("Only you"): comment webhooks leave the
   * author's accountType out, and GET /user leaves the email out.
   */
  privateProfile: boolean;
  /** the permission keys GET /mypermissions grants in every project (a permission scheme's result) */
  permissions?: string[];
  /** a JSM agent: may read the service desks' queues; comments it makes can reach the portal */
  serviceDeskAgent?: boolean;
}

export interface Group {
  name: string;
  groupId: string;
}

/** Jira's three status categories (plus "undefined", which no sandbox status uses). */
export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface Status {
  id: string;
  name: string;
  description: string;
  category: StatusCategoryKey;
}

export interface Resolution {
  id: string;
  name: string;
  description: string;
}

export interface Priority {
  id: string;
  name: string;
}

export interface IssueType {
  id: string;
  name: string;
  description: string;
}

export interface Project {
  id: string;
  key: string;
  name: string;
  /** set when the project is a JSM service desk */
  serviceDeskId?: string;
  issueTypes: IssueType[];
}

export interface Transition {
  id: string;
  name: string;
  /** status ids the transition starts from; empty means a global transition (from any status) */
  from: string[];
  to: string;
  /** field ids on the transition's screen; only these may be sent in `fields` / `update` */
  screen: ScreenFieldId[];
  /** screen fields the request must send */
  required: ScreenFieldId[];
  /** a post-function that sets this resolution (whatever the request sent) */
  resolutionId?: string;
  /** a post-function that clears the resolution */
  clearResolution: boolean;
}

/** One changed field in a changelog entry (Jira's ChangeDetails). */
export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface History {
  id: string;
  authorId: string;
  created: number;
  items: ChangeItem[];
}

/** An Atlassian Document Format node; the sandbox keeps comment and description bodies as sent. */
export interface AdfNode {
  type: string;
  version?: number;
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  content?: AdfNode[];
}

export interface Visibility {
  type: 'group' | 'role';
  value?: string;
  identifier?: string | null;
}

export interface Comment {
  id: string;
  issueId: string;
  authorId: string;
  updateAuthorId: string;
  body: AdfNode;
  created: number;
  updated: number;
  visibility: Visibility | null;
  properties: Map<string, unknown>;
  /**
   * Jira's `jsdAuthorCanSeeRequest`, only for a comment that came in by e-mail (JSM's "allow
   * external emails to be added as comments"): false when the sender was not part of the request
   */
  authorCanSeeRequest?: boolean;
}

/** A JSM customer organization: the people of one clinic. */
export interface Organization {
  id: string;
  name: string;
  memberIds: string[];
}

export interface Issue {
  id: string;
  key: string;
  /** the number after the dash: SUP-42 is 42 */
  number: number;
  projectId: string;
  issueTypeId: string;
  summary: string;
  description: AdfNode | null;
  statusId: string;
  resolutionId: string | null;
  resolutionDate: number | null;
  priorityId: string;
  reporterId: string;
  assigneeId: string | null;
  creatorId: string;
  created: number;
  updated: number;
  statusCategoryChangeDate: number;
  labels: string[];
  /** oldest first */
  histories: History[];
  /** oldest first */
  comments: Comment[];
  properties: Map<string, unknown>;
  /** JSM request participants (account ids), in the order they were added */
  participantIds: string[];
  /** the JSM organizations the request is shared with (the Organizations field) */
  organizationIds: string[];
}

/**
 * What Jira reports as `jsdPublic`: false only for a JSM internal note, which the
 * `sd.public.comment` property `{"internal": true}` makes. A `visibility` restriction (a group or a
 * role) is a separate thing and leaves it true, although a portal customer cannot read such a
 * comment either.
 */
export function jsdPublicOf(comment: Comment): boolean {
  const marker = comment.properties.get('sd.public.comment');
  return !(
    marker !== null &&
    typeof marker === 'object' &&
    (marker as { internal?: unknown }).internal === true
  );
}
