import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/service/logger.ts';
import { arrangeIssue, CUSTOMER, SECRET, startWorld, STATUS, type World } from '../e2e/world.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logs', () => {
  it('redact authorization headers, tokens and secrets by path', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info', destination: 'stdout', stream });
    log.info(
      {
        req: { headers: { authorization: 'Basic Ym90OnRva2Vu', 'x-hub-signature': 'sha256=abc' } },
        config: { apiToken: 'tok-123', secret: 'shh', JIRA_API_TOKEN: 'tok-456' },
      },
      'request',
    );
    const line = lines.join('');
    for (const secret of ['Ym90OnRva2Vu', 'sha256=abc', 'tok-123', 'shh', 'tok-456'])
      expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
  });

  it('blank the configured secret values wherever they appear, even in free text', () => {
    const { lines, stream } = capture();
    const log = createLogger({
      level: 'info',
      destination: 'stdout',
      stream,
      secrets: ['my-webhook-secret'],
    });
    log.error(
      { err: 'signature computed with my-webhook-secret did not match' },
      'oops my-webhook-secret',
    );
    expect(lines.join('')).not.toContain('my-webhook-secret');
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

    const output = world.logs.join('');
    expect(output.length).toBeGreaterThan(1000);
    expect(output).toContain('"outcome":"acted"');
    const basic = Buffer.from('bot@pixeon.example:sandbox').toString('base64');
    for (const secret of [SECRET, basic, 'Basic ']) expect(output).not.toContain(secret);
  });
});
