import type { ProjectConfig } from '../config/index.ts';
import type { IssueSnapshot, JiraUser } from '../domain/index.ts';
import {
  needsGroups,
  needsRequestMembers,
  whoIsCustomer,
  type CustomerContext,
  type CustomerVerdict,
  type RequestMembers,
} from '../rules/index.ts';

export interface AuthorQuestion {
  author: JiraUser | undefined;
  /** an internal note never counts as the customer, so its author's groups are not looked up */
  isPublic: boolean;
  /** Jira's `jsdAuthorCanSeeRequest` on the comment, when it said */
  authorCanSeeRequest?: boolean | undefined;
  issue: Pick<IssueSnapshot, 'key' | 'reporter'>;
  project: ProjectConfig;
  botAccountId: string;
  /** the author's group names (a Jira call, cached by the gateway) */
  groupsOf: (accountId: string) => Promise<string[]>;
  /** the request's participants and organization members (JSM calls, cached by the gateway) */
  requestMembersOf: (issueKey: string) => Promise<RequestMembers>;
}

/**
 * Whether a comment's author is the customer: the one judgement the webhook path and the sweep
 * share. Groups are looked up only when the config names groups and the answer could matter; the
 * request's participants and organizations only when nothing cheaper made the author the customer.
 */
export async function judgeCommentAuthor(question: AuthorQuestion): Promise<CustomerVerdict> {
  const { author, project, botAccountId } = question;
  const lookUp =
    author !== undefined &&
    question.isPublic &&
    author.accountId !== botAccountId &&
    needsGroups(project.customer);
  const authorGroups = lookUp ? await question.groupsOf(author.accountId) : [];
  const reporter = question.issue.reporter;
  const context: CustomerContext = {
    botAccountId,
    ...(reporter ? { reporterAccountId: reporter.accountId } : {}),
    ...(question.authorCanSeeRequest !== undefined
      ? { authorCanSeeRequest: question.authorCanSeeRequest }
      : {}),
    authorGroups,
    customer: project.customer,
  };
  const verdict = whoIsCustomer(author, context);
  if (!question.isPublic || !needsRequestMembers(project.customer, verdict)) return verdict;
  const requestMembers = await question.requestMembersOf(question.issue.key);
  return whoIsCustomer(author, { ...context, requestMembers });
}
