import { describe, expect, it } from '@jest/globals';
import { jiraInstantMs, parseJiraDateTime } from '../../src/domain/index.ts';

describe('Jira date-times', () => {
  it('read the offset without a colon that Jira writes', () => {
    expect(parseJiraDateTime('2019-02-15T19:11:18.321-0800')).toBe(1550286678321);
    expect(parseJiraDateTime('2019-02-15T19:11:18.321-08:00')).toBe(1550286678321);
    expect(parseJiraDateTime('2019-02-16T03:11:18.321Z')).toBe(1550286678321);
  });

  it('refuse text that is not a date-time with an offset', () => {
    expect(parseJiraDateTime('2019-02-15')).toBeUndefined();
    expect(parseJiraDateTime('2019-02-15T19:11:18')).toBeUndefined();
    expect(parseJiraDateTime('Fri Feb 15 2019')).toBeUndefined();
  });
});

describe('instants as jira.js hands them over', () => {
  it('read a Date, a Jira string and epoch milliseconds alike', () => {
    expect(jiraInstantMs(new Date(1550286678321))).toBe(1550286678321);
    expect(jiraInstantMs('2019-02-15T19:11:18.321-0800')).toBe(1550286678321);
    expect(jiraInstantMs(1550286678321)).toBe(1550286678321);
  });

  it('give nothing for anything else', () => {
    expect(jiraInstantMs(new Date('not a date'))).toBeUndefined();
    expect(jiraInstantMs('yesterday')).toBeUndefined();
    expect(jiraInstantMs(Number.NaN)).toBeUndefined();
    expect(jiraInstantMs(null)).toBeUndefined();
  });
});
