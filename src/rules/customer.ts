import type { ProjectConfig } from '../config/index.ts';
import type { JiraUser } from '../domain/index.ts';
import type { CustomerCode } from './reason-codes.ts';

export interface CustomerContext {
  /** the account the service acts as: its own comments never count */
  botAccountId: string;
  reporterAccountId?: string;
  /** the author's groups; needed only when the config names groups (see needsGroups) */
  authorGroups?: readonly string[];
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
 * Who counts as the customer (docs/architecture.md §1), in this order: the service's own account never; members of
 * the analyst groups never (an analyst who opened the ticket is still an analyst); then any of
 * accountType customer, the reporter, a listed account id, a listed group.
 */
export function whoIsCustomer(
  author: JiraUser | undefined,
  context: CustomerContext,
): CustomerVerdict {
  if (!author) return { isCustomer: false, code: 'no-author', reason: 'the comment has no author' };
  const rules = context.customer;
  if (author.accountId === context.botAccountId) {
    return {
      isCustomer: false,
      code: 'own-account',
      reason: "the author is the service's own account",
    };
  }
  const groups = new Set(context.authorGroups ?? []);
  const analystGroup = rules.analystGroups.find((g) => groups.has(g));
  if (analystGroup)
    return {
      isCustomer: false,
      code: 'analyst-group',
      reason: `the author is in the analyst group ${analystGroup}`,
    };
  if (rules.byAccountType && author.accountType === 'customer') {
    return {
      isCustomer: true,
      code: 'customer-account',
      reason: 'the author is a customer account',
    };
  }
  if (rules.byReporter && author.accountId === context.reporterAccountId) {
    return { isCustomer: true, code: 'reporter', reason: 'the author is the reporter' };
  }
  if (rules.accountIds.includes(author.accountId)) {
    return {
      isCustomer: true,
      code: 'listed-account',
      reason: 'the author is a listed customer account',
    };
  }
  const customerGroup = rules.groups.find((g) => groups.has(g));
  if (customerGroup)
    return {
      isCustomer: true,
      code: 'customer-group',
      reason: `the author is in the customer group ${customerGroup}`,
    };
  return {
    isCustomer: false,
    code: 'not-listed',
    reason: 'the author is neither a customer account, the reporter nor listed',
  };
}
