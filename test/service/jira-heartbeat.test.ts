import { describe, expect, it } from '@jest/globals';
import { JiraHeartbeat, type JiraCheck } from '../../src/service/jira-heartbeat.ts';

/** A `myself` the test answers by hand, counting the calls in flight. */
function manualJira() {
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    check: () =>
      new Promise<void>((resolve, reject) => {
        calls++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const done = () => inFlight--;
        pending.push({
          resolve: () => (done(), resolve()),
          reject: (error) => (done(), reject(error)),
        });
      }),
    answer: () => pending.shift()!.resolve(),
    fail: (message: string) => pending.shift()!.reject(new Error(message)),
    stats: () => ({ calls, inFlight, maxInFlight }),
  };
}

function heartbeat(jira: ReturnType<typeof manualJira>, clock: { ms: number }, maxAgeMs = 60_000) {
  const checks: JiraCheck[] = [];
  const beat = new JiraHeartbeat({
    check: jira.check,
    intervalMs: 10_000,
    maxAgeMs,
    now: () => clock.ms,
    describe: (error) => (error instanceof Error ? error.message : String(error)),
    onCheck: (check) => checks.push(check),
  });
  return { beat, checks };
}

describe('the background check of Jira behind /readyz', () => {
  it('is not ready before the first answer, and says so, without calling Jira for the asking', () => {
    const jira = manualJira();
    const { beat } = heartbeat(jira, { ms: 1_000_000 });
    for (let i = 0; i < 20; i++) {
      expect(beat.readiness()).toEqual({
        ready: false,
        jira: 'not checked yet: the first check of Jira is under way',
      });
    }
    expect(jira.stats().calls).toBe(0);
  });

  it('shares one call among checks asked while it is in flight', async () => {
    const jira = manualJira();
    const clock = { ms: Date.parse('2026-12-02T12:00:00Z') };
    const { beat, checks } = heartbeat(jira, clock);
    const asked = Array.from({ length: 20 }, () => beat.check());
    expect(jira.stats()).toMatchObject({ calls: 1, maxInFlight: 1 });
    jira.answer();
    await Promise.all(asked);
    expect(beat.readiness()).toMatchObject({
      ready: true,
      jira: 'ok',
      lastSuccessAt: '2026-12-02T12:00:00.000Z',
      lastCheck: { at: '2026-12-02T12:00:00.000Z', ok: true },
    });
    expect(checks).toHaveLength(1);
  });

  it('stays ready through a failure while the last success is recent, then shows the failure', async () => {
    const jira = manualJira();
    const clock = { ms: 5_000_000 };
    const { beat } = heartbeat(jira, clock, 30_000);
    const first = beat.check();
    jira.answer();
    await first;
    clock.ms += 20_000;
    const second = beat.check();
    jira.fail('GET /rest/api/3/myself failed: 503');
    await second;
    expect(beat.readiness()).toMatchObject({
      ready: true,
      lastCheck: { ok: false, error: 'GET /rest/api/3/myself failed: 503' },
    });
    clock.ms += 11_000;
    expect(beat.readiness()).toMatchObject({
      ready: false,
      jira: 'unreachable: GET /rest/api/3/myself failed: 503',
    });
  });

  it('counts a success seen elsewhere, and says how long Jira has been silent', async () => {
    const jira = manualJira();
    const clock = { ms: 9_000_000 };
    let other = 0;
    const beat = new JiraHeartbeat({
      check: jira.check,
      intervalMs: 10_000,
      maxAgeMs: 60_000,
      now: () => clock.ms,
      otherSuccessMs: () => other,
      describe: String,
    });
    other = clock.ms;
    expect(beat.readiness().ready).toBe(true);
    clock.ms += 90_000;
    void beat.check();
    expect(beat.readiness()).toMatchObject({
      ready: false,
      jira: 'no answer from Jira for 90 s (a check is under way)',
    });
    jira.answer();
  });

  it('checks at start and every interval until stopped', () => {
    const jira = manualJira();
    const { beat } = heartbeat(jira, { ms: 0 });
    beat.start();
    beat.start();
    expect(jira.stats().calls).toBe(1);
    beat.stop();
    jira.answer();
  });
});
