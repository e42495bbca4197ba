import type { ProjectConfig } from '../config/index.ts';
import type { JiraUser } from '../domain/index.ts';
import type { CustomerCode } from './reason-codes.ts';

/** The people of a JSM request besides its reporter, as Jira lists them (gathered by the caller). */
export interface RequestMembers {
  participantAccountIds: readonly string[];
  /** members of the organizations the request is shared with */
  organizationMemberAccountIds: readonly string[];
}

export interface CustomerContext {
  /** the account the service acts as: its own comments never count */
  botAccountId: string;
  reporterAccountId?: string;
  /** the author's groups; needed only when the config names groups (see needsGroups) */
  authorGroups?: readonly string[];
  /**
   * Jira's `jsdAuthorCanSeeRequest` on the comment: false for a comment e-mailed by someone who
   * is not part of the request; undefined when Jira did not say
   */
  authorCanSeeRequest?: boolean;
  /** the request's participants and organization members; needed only for needsRequestMembers */
  requestMembers?: RequestMembers;
  customer: ProjectConfig['customer'];
}

export interface CustomerVerdict {
  isCustomer: boolean;
  reason: string;
  code: CustomerCode;
}

/** Whether deciding needs the author's group membership (a Jira call, cached by the gateway). */
export function needsGroups(customer: ProjectConfig['customer']): boolean {
  return customer.analystGroups.length > 0 || customer.groups.length > 0;
}

/**
 * Whether a verdict could change once the request's participants and organization members are
 * known (JSM calls, cached by the gateway): only a "not listed" author can still be one of them.
 */
export function needsRequestMembers(
  customer: ProjectConfig['customer'],
  verdict: CustomerVerdict,
): boolean {
  return customer.byParticipant && verdict.code === 'not-listed';
}

function never(code: CustomerCode, reason: string): CustomerVerdict {
  return { isCustomer: false, code, reason };
}

function customerBecause(code: CustomerCode, reason: string): CustomerVerdict {
  return { isCustomer: true, code, reason };
}

/** The exclusions that win over every way of being the customer. */
function excluded(author: JiraUser, context: CustomerContext): CustomerVerdict | undefined {
  const rules = context.customer;
  if (author.accountId === context.botAccountId) {
    return never('own-account', "the author is the service's own account");
  }
  if (rules.neverAccountIds.includes(author.accountId)) {
    return never('never-account', 'the author is listed as never the customer');
  }
  const groups = new Set(context.authorGroups ?? []);
  const analystGroup = rules.analystGroups.find((g) => groups.has(g));
  if (analystGroup) {
    return never('analyst-group', `the author is in the analyst group ${analystGroup}`);
  }
  // Jira makes a portal account for such a sender, so this must come before the account type.
  if (context.authorCanSeeRequest === false && !rules.unlistedEmailSenders) {
    return never(
      'unlisted-email-sender',
      'the comment was e-mailed by someone who is not part of the request',
    );
  }
  return undefined;
}

/**
 * Who counts as the customer (docs/architecture.md §1), in this order: the service's own account
 * never; an account listed as never the customer never; members of the analyst groups never (an
 * analyst who opened the ticket is still an analyst); an e-mail sender who is not part of the
 * request never, unless configured; then any of accountType customer, the reporter, a listed
 * account id, a listed group, a request participant, a member of the request's organizations.
 */
export function whoIsCustomer(
  author: JiraUser | undefined,
  context: CustomerContext,
): CustomerVerdict {
  if (!author) return never('no-author', 'the comment has no author');
  const exclusion = excluded(author, context);
  if (exclusion) return exclusion;
  const rules = context.customer;
  if (rules.byAccountType && author.accountType === 'customer') {
    return customerBecause('customer-account', 'the author is a customer account');
  }
  if (rules.byReporter && author.accountId === context.reporterAccountId) {
    return customerBecause('reporter', 'the author is the reporter');
  }
  if (rules.accountIds.includes(author.accountId)) {
    return customerBecause('listed-account', 'the author is a listed customer account');
  }
  const groups = new Set(context.authorGroups ?? []);
  const customerGroup = rules.groups.find((g) => groups.has(g));
  if (customerGroup) {
    return customerBecause(
      'customer-group',
      `the author is in the customer group ${customerGroup}`,
    );
  }
  const members = rules.byParticipant ? context.requestMembers : undefined;
  if (members?.participantAccountIds.includes(author.accountId)) {
    return customerBecause('participant', 'the author is a participant of the request');
  }
  if (members?.organizationMemberAccountIds.includes(author.accountId)) {
    return customerBecause(
      'organization-member',
      "the author is a member of the request's organization",
    );
  }
  return never(
    'not-listed',
    'the author is neither a customer account, the reporter, listed nor part of the request',
  );
}
