import { describe, expect, it } from '@jest/globals';
import { needsRequestMembers, whoIsCustomer, type RequestMembers } from '../../src/rules/index.ts';
import { ANALYST, BOT, CLINIC, customerContext, RECEPTION, sup } from './fixtures.ts';

/** A colleague at the clinic with an ordinary Atlassian account, not the reporter. */
const COLLEAGUE = { accountId: 'colleague-1', accountType: 'atlassian' };
const MEMBERS: RequestMembers = {
  participantAccountIds: [COLLEAGUE.accountId],
  organizationMemberAccountIds: [RECEPTION.accountId],
};

describe('the whole clinic is the customer', () => {
  it('a request participant is the customer, and so is a member of its organization', () => {
    expect(whoIsCustomer(COLLEAGUE, customerContext({ requestMembers: MEMBERS }))).toMatchObject({
      isCustomer: true,
      code: 'participant',
    });
    expect(whoIsCustomer(RECEPTION, customerContext({ requestMembers: MEMBERS }))).toMatchObject({
      isCustomer: true,
      code: 'organization-member',
    });
  });

  it('with byParticipant off, participants and members are not', () => {
    const customer = { ...sup.customer, byParticipant: false };
    expect(
      whoIsCustomer(COLLEAGUE, customerContext({ customer, requestMembers: MEMBERS })),
    ).toMatchObject({
      isCustomer: false,
      code: 'not-listed',
    });
  });

  it('an analyst who is a participant is still an analyst', () => {
    const verdict = whoIsCustomer(
      ANALYST,
      customerContext({
        authorGroups: sup.customer.analystGroups,
        requestMembers: { ...MEMBERS, participantAccountIds: [ANALYST.accountId] },
      }),
    );
    expect(verdict).toMatchObject({ isCustomer: false, code: 'analyst-group' });
  });

  it('asks for the request members only when a "not listed" author could be one', () => {
    const notListed = whoIsCustomer(COLLEAGUE, customerContext());
    expect(needsRequestMembers(sup.customer, notListed)).toBe(true);
    expect(needsRequestMembers({ ...sup.customer, byParticipant: false }, notListed)).toBe(false);
    expect(needsRequestMembers(sup.customer, whoIsCustomer(CLINIC, customerContext()))).toBe(false);
    expect(needsRequestMembers(sup.customer, whoIsCustomer(BOT, customerContext()))).toBe(false);
  });
});

describe('an e-mail sender who is not part of the request', () => {
  it('is not the customer although Jira made them a portal account', () => {
    const sender = { accountId: 'qm:stranger', accountType: 'customer' };
    expect(whoIsCustomer(sender, customerContext({ authorCanSeeRequest: false }))).toMatchObject({
      isCustomer: false,
      code: 'unlisted-email-sender',
    });
  });

  it('is the customer when unlistedEmailSenders is set', () => {
    const sender = { accountId: 'qm:stranger', accountType: 'customer' };
    const customer = { ...sup.customer, unlistedEmailSenders: true };
    expect(
      whoIsCustomer(sender, customerContext({ customer, authorCanSeeRequest: false })),
    ).toMatchObject({
      isCustomer: true,
      code: 'customer-account',
    });
  });

  it('an e-mail sender who can see the request is judged as usual', () => {
    expect(whoIsCustomer(CLINIC, customerContext({ authorCanSeeRequest: true }))).toMatchObject({
      isCustomer: true,
      code: 'customer-account',
    });
  });
});

describe('accounts that are never the customer', () => {
  it("an e-mail handler's default reporter is not the customer, even as the reporter", () => {
    const customer = { ...sup.customer, neverAccountIds: [CLINIC.accountId] };
    expect(whoIsCustomer(CLINIC, customerContext({ customer }))).toMatchObject({
      isCustomer: false,
      code: 'never-account',
    });
    expect(
      whoIsCustomer(
        CLINIC,
        customerContext({
          customer,
          requestMembers: { ...MEMBERS, participantAccountIds: [CLINIC.accountId] },
        }),
      ),
    ).toMatchObject({ isCustomer: false, code: 'never-account' });
  });

  it('the settings default to participants on, unlisted senders off, nobody excluded', () => {
    expect(sup.customer).toMatchObject({
      byParticipant: true,
      unlistedEmailSenders: false,
      neverAccountIds: [],
    });
  });
});
