import { afterEach, describe, expect, it } from '@jest/globals';
import { secretScrubber } from '../../src/domain/index.ts';
import { createLogger } from '../../src/service/logger.ts';
import { arrangeIssue, CUSTOMER, STATUS } from '../e2e/world.ts';
import { captureLog } from '../support/log-capture.ts';
import { SECRET, startWorld, type World } from '../support/world.ts';

describe('logs', () => {
  it('redact authorization headers, tokens and secrets by path', () => {
    const capture = captureLog();
    const log = createLogger({ level: 'info', destination: 'stdout', stream: capture.stream });
    log.info(
      {
        req: { headers: { authorization: 'Basic Ym90OnRva2Vu', 'x-hub-signature': 'sha256=abc' } },
        config: { apiToken: 'tok-123', secret: 'shh', JIRA_API_TOKEN: 'tok-456' },
      },
      'request',
    );
    const line = capture.text();
    for (const secret of ['Ym90OnRva2Vu', 'sha256=abc', 'tok-123', 'shh', 'tok-456'])
      expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  });

  it('blank the configured secret values wherever they appear, even in free text', () => {
    const capture = captureLog();
    const log = createLogger({
      level: 'info',
      destination: 'stdout',
      stream: capture.stream,
      scrubber: secretScrubber({ values: ['my-webhook-secret'] }),
    });
    log.error(
      { err: 'signature computed with my-webhook-secret did not match' },
      'oops my-webhook-secret',
    );
    expect(capture.find('oops')).toHaveLength(1);
    expect(capture.text()).not.toContain('my-webhook-secret');
  });

  it('blank every form of a secret from the whole line: errors, stacks, nested objects', () => {
    const token = 'api-"tok+en/9Qz=';
    const basic = Buffer.from(`bot@example.com:${token}`).toString('base64');
    const capture = captureLog();
    const log = createLogger({
      level: 'info',
      destination: 'stdout',
      stream: capture.stream,
      scrubber: secretScrubber({
        values: [token],
        basic: [{ user: 'bot@example.com', password: token }],
      }),
    });
    const error = new Error(`Jira said: Authorization: Basic ${basic}`);
    log.error(
      { err: error, detail: { list: [`token=${encodeURIComponent(token)}`, { token }] } },
      `quoted ${token}`,
    );
    const text = capture.text();
    for (const form of [
      token,
      JSON.stringify(token).slice(1, -1),
      basic,
      encodeURIComponent(token),
    ])
      expect(text).not.toContain(form);
    const [line] = capture.records() as Array<{ msg: string; err: { stack: string } }>;
    expect(line!.msg).toBe('quoted [redacted]');
    expect(line!.err.stack).toContain('Authorization: Basic [redacted]');
  });
});

describe('a full end-to-end run', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
  });

  it('writes no secret to the logs: not the webhook secret, the API token or the Authorization header', async () => {
    world = await startWorld();
    const pending = arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.pending, at: '2026-03-02T10:00:00-03:00' },
    ]);
    arrangeIssue(world.sandbox, [
      { status: STATUS.analysts, at: '2026-03-02T09:00:00-03:00' },
      { status: STATUS.validation, at: '2026-03-02T10:00:00-03:00' },
    ]);
    world.sandbox.store.addComment(pending, { body: 'Segue' }, { by: CUSTOMER });
    await world.sandbox.webhooks.idle();
    await world.service.webhooks.receiver.drain();
    world.sandbox.faults.set({ errorRate: 0.5, seed: 5 });
    await world.service.sweep('full', { nowMs: Date.parse('2026-03-20T02:00:00-03:00') });
    world.sandbox.faults.set({});

    const output = world.log.text();
    expect(output.length).toBeGreaterThan(1000);
    expect(world.log.find((line) => line.outcome === 'acted').length).toBeGreaterThan(0);
    const basic = Buffer.from('bot@pixeon.example:sandbox').toString('base64');
    for (const secret of [SECRET, basic, 'Basic ']) expect(output).not.toContain(secret);
  });
});
