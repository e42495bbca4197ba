import { describe, expect, it } from '@jest/globals';
import { needsGroups, whoIsCustomer, type CustomerContext } from '../../src/rules/index.ts';
import { ANALYST, BOT, CLINIC, RECEPTION, sup } from './fixtures.ts';

function context(extra: Partial<CustomerContext> = {}): CustomerContext {
  return {
    botAccountId: BOT.accountId,
    reporterAccountId: CLINIC.accountId,
    customer: sup.customer,
    authorGroups: [],
    ...extra,
  };
}

describe('who is the customer (DESIGN 5)', () => {
  it('a portal account (accountType customer) is the customer', () => {
    expect(whoIsCustomer(CLINIC, context({ reporterAccountId: 'someone-else' }))).toEqual({
      isCustomer: true,
      reason: 'the author is a customer account',
    });
  });

  it('an atlassian account who reported the issue is the customer', () => {
    const verdict = whoIsCustomer(RECEPTION, context({ reporterAccountId: RECEPTION.accountId }));
    expect(verdict).toEqual({ isCustomer: true, reason: 'the author is the reporter' });
  });

  it('an atlassian account who is not the reporter is not the customer', () => {
    expect(whoIsCustomer(RECEPTION, context()).isCustomer).toBe(false);
  });

  it("the service's own account never is, even as the reporter", () => {
    const verdict = whoIsCustomer(BOT, context({ reporterAccountId: BOT.accountId }));
    expect(verdict).toEqual({
      isCustomer: false,
      reason: "the author is the service's own account",
    });
  });

  it('an analyst who opened the ticket (the reporter) is still an analyst', () => {
    const verdict = whoIsCustomer(
      ANALYST,
      context({ reporterAccountId: ANALYST.accountId, authorGroups: ['suporte'] }),
    );
    expect(verdict).toEqual({
      isCustomer: false,
      reason: 'the author is in the analyst group suporte',
    });
  });

  it('a listed account id or group counts when configured', () => {
    const customer = { ...sup.customer, accountIds: ['partner-1'], groups: ['clientes-vip'] };
    expect(whoIsCustomer({ accountId: 'partner-1' }, context({ customer })).isCustomer).toBe(true);
    expect(
      whoIsCustomer({ accountId: 'x' }, context({ customer, authorGroups: ['clientes-vip'] }))
        .isCustomer,
    ).toBe(true);
  });

  it('turning off accountType and reporter leaves only the lists', () => {
    const customer = { ...sup.customer, byAccountType: false, byReporter: false };
    expect(whoIsCustomer(CLINIC, context({ customer })).isCustomer).toBe(false);
  });

  it('needs group lookups only when groups are configured', () => {
    expect(needsGroups(sup.customer)).toBe(true);
    expect(needsGroups({ ...sup.customer, analystGroups: [], groups: [] })).toBe(false);
  });
});
