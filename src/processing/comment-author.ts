import type { ProjectConfig } from '../config/index.ts';
import type { IssueSnapshot, JiraUser } from '../domain/index.ts';
import { needsGroups, whoIsCustomer, type CustomerVerdict } from '../rules/index.ts';

export interface AuthorQuestion {
  author: JiraUser | undefined;
  /** an internal note never counts as the customer, so its author's groups are not looked up */
  isPublic: boolean;
  issue: Pick<IssueSnapshot, 'reporter'>;
  project: ProjectConfig;
  botAccountId: string;
  /** the author's group names (a Jira call, cached by the gateway) */
  groupsOf: (accountId: string) => Promise<string[]>;
}

/**
 * Whether a comment's author is the customer: the one judgement the webhook path and the sweep
 * share. Groups are looked up only when the config names groups and the answer could matter.
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
  return whoIsCustomer(author, {
    botAccountId,
    ...(reporter ? { reporterAccountId: reporter.accountId } : {}),
    authorGroups,
    customer: project.customer,
  });
}
