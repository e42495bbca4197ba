import { describe, expect, it } from '@jest/globals';
import { GIVE_UP_AFTER_FAILURES, RunPolicy } from '../../src/jobs/run-policy.ts';
import { jiraNotFound, jiraUnavailable } from '../support/fake-jira.ts';

describe("the sweep's run policy", () => {
  it('lets issues start until a shutdown is asked for, then says why it stopped', () => {
    let stopping = false;
    const policy = new RunPolicy(() => stopping);
    expect(policy.mayStart()).toBe(true);
    expect(policy.stoppedEarly).toBeUndefined();
    stopping = true;
    expect(policy.mayStart()).toBe(false);
    stopping = false; // a shutdown is not taken back
    expect(policy.mayStart()).toBe(false);
    expect(policy.stoppedEarly).toBe('shutting down');
  });

  it('stops after five transient failures in a row, not five in all', () => {
    const policy = new RunPolicy();
    expect(GIVE_UP_AFTER_FAILURES).toBe(5);
    for (let i = 0; i < 4; i++) policy.noteOutcome(true, `failure ${i}`);
    policy.noteOutcome(false, 'closed');
    for (let i = 0; i < 4; i++) policy.noteOutcome(true, `failure ${i}`);
    expect(policy.mayStart()).toBe(true);
    policy.noteOutcome(true, '503 Service Unavailable');
    expect(policy.mayStart()).toBe(false);
    expect(policy.stoppedEarly).toBe('Jira failed 5 times in a row: 503 Service Unavailable');
    // Issues in hand still finish and fail; the first reason is the one reported.
    policy.noteOutcome(true, 'later');
    expect(policy.stoppedEarly).toBe('Jira failed 5 times in a row: 503 Service Unavailable');
  });

  it('keeps the first reason for stopping', () => {
    let stopping = false;
    const policy = new RunPolicy(() => stopping);
    policy.noteSearchFailure(jiraUnavailable());
    stopping = true;
    expect(policy.mayStart()).toBe(false);
    expect(policy.stoppedEarly).toBe(
      'Jira failed: GET /rest/api/3/search/jql failed: 503 Service Unavailable',
    );
  });

  it('takes a failed search that is not transient for a bug', () => {
    const policy = new RunPolicy();
    const notFound = jiraNotFound();
    policy.noteSearchFailure(notFound);
    expect(policy.mayStart()).toBe(false);
    expect(policy.stoppedEarly).toBeUndefined();
    expect(() => policy.raiseBug()).toThrow(notFound);
  });

  it('starts nothing after a bug, and raises the first one when asked', () => {
    const policy = new RunPolicy();
    expect(() => policy.raiseBug()).not.toThrow();
    const first = new TypeError('first');
    policy.noteBug(first);
    policy.noteBug(new TypeError('second'));
    expect(policy.mayStart()).toBe(false);
    expect(policy.stoppedEarly).toBeUndefined();
    expect(() => policy.raiseBug()).toThrow(first);
  });
});
