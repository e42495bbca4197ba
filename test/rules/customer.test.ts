import { describe, expect, it } from '@jest/globals';
import { needsGroups, whoIsCustomer } from '../../src/rules/index.ts';
import { ANALYST, BOT, CLINIC, customerContext, RECEPTION, sup } from './fixtures.ts';

describe('who is the customer', () => {
  it('a portal account (accountType customer) is the customer', () => {
    expect(
      whoIsCustomer(CLINIC, customerContext({ reporterAccountId: 'someone-else' })),
    ).toMatchObject({
      isCustomer: true,
      code: 'customer-account',
    });
  });

  it('an atlassian account who reported the issue is the customer', () => {
    const verdict = whoIsCustomer(
      RECEPTION,
      customerContext({ reporterAccountId: RECEPTION.accountId }),
    );
    expect(verdict).toMatchObject({ isCustomer: true, code: 'reporter' });
  });

  it('an atlassian account who is not the reporter is not the customer', () => {
    expect(whoIsCustomer(RECEPTION, customerContext())).toMatchObject({
      isCustomer: false,
      code: 'not-listed',
    });
  });

  it("the service's own account never is, even as the reporter", () => {
    const verdict = whoIsCustomer(BOT, customerContext({ reporterAccountId: BOT.accountId }));
    expect(verdict).toMatchObject({ isCustomer: false, code: 'own-account' });
  });

  it('an analyst who opened the ticket (the reporter) is still an analyst', () => {
    const verdict = whoIsCustomer(
      ANALYST,
      customerContext({ reporterAccountId: ANALYST.accountId, authorGroups: ['suporte'] }),
    );
    expect(verdict).toMatchObject({ isCustomer: false, code: 'analyst-group' });
    // The log line names the group, for the admin who wonders why.
    expect(verdict.reason).toContain('suporte');
  });

  it('a listed account id or group counts when configured', () => {
    const customer = { ...sup.customer, accountIds: ['partner-1'], groups: ['clientes-vip'] };
    expect(whoIsCustomer({ accountId: 'partner-1' }, customerContext({ customer }))).toMatchObject({
      isCustomer: true,
      code: 'listed-account',
    });
    expect(
      whoIsCustomer(
        { accountId: 'x' },
        customerContext({ customer, authorGroups: ['clientes-vip'] }),
      ),
    ).toMatchObject({ isCustomer: true, code: 'customer-group' });
  });

  it('turning off accountType and reporter leaves only the lists', () => {
    const customer = { ...sup.customer, byAccountType: false, byReporter: false };
    expect(whoIsCustomer(CLINIC, customerContext({ customer }))).toMatchObject({
      isCustomer: false,
      code: 'not-listed',
    });
  });

  it('a comment without an author is nobody', () => {
    expect(whoIsCustomer(undefined, customerContext())).toMatchObject({
      isCustomer: false,
      code: 'no-author',
    });
  });

  it('needs group lookups only when groups are configured', () => {
    expect(needsGroups(sup.customer)).toBe(true);
    expect(needsGroups({ ...sup.customer, analystGroups: [], groups: [] })).toBe(false);
  });
});
