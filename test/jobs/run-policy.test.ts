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

  it("takes a permanent refusal of a project's search for that project's failure: the run goes on", () => {
    const policy = new RunPolicy();
    const reason = policy.noteSearchFailure(jiraNotFound('GET /rest/api/3/project/OPS/statuses'));
    expect(reason).toBe('GET /rest/api/3/project/OPS/statuses failed: 404 Not Found');
    expect(policy.mayStart()).toBe(true);
    expect(policy.stoppedEarly).toBeUndefined();
    expect(() => policy.raiseBug()).not.toThrow();
  });

  it('takes a failed search that is not a Jira failure for a bug', () => {
    const policy = new RunPolicy();
    const bug = new TypeError('a bug in the search');
    expect(policy.noteSearchFailure(bug)).toBeUndefined();
    expect(policy.mayStart()).toBe(false);
    expect(policy.stoppedEarly).toBeUndefined();
    expect(() => policy.raiseBug()).toThrow(bug);
  });

  it('never counts a permanent failure toward stopping: it breaks a run of transient ones', () => {
    const policy = new RunPolicy();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < GIVE_UP_AFTER_FAILURES - 1; i++) policy.noteOutcome(true, '503');
      policy.noteOutcome(false, 'GET /rest/api/3/issue/SUP-1 failed: 404 Not Found');
    }
    expect(policy.mayStart()).toBe(true);
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
