import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createWebhookApp, signBody, WEBHOOK_PATH } from '../../src/webhooks/index.ts';
import { captureLog } from '../support/log-capture.ts';
import { commentCreatedBody, OLD_SECRET, SECRET, stubProcessor } from './support.ts';

const TOKEN = 'automation-shared-token-31337';

describe('webhook logs', () => {
  it('never contain the secrets, the shared token or a received signature', async () => {
    const log = captureLog();
    let calls = 0;
    const processor = stubProcessor({
      process: () => {
        // An error that quotes credentials, as a careless library might.
        if (++calls === 1) throw new Error(`bad auth with ${SECRET} and ${TOKEN}`);
        return { outcome: 'acted', actions: ['transition'], reason: 'customer replied' };
      },
    });
    const app = createWebhookApp({
      secrets: [SECRET, OLD_SECRET],
      sharedToken: { header: 'x-automation-token', token: TOKEN },
      processor,
      logger: log.logger,
    });
    const sentSignatures: string[] = [];
    const post = async (raw: string, headers: Record<string, string>) => {
      if (headers['x-hub-signature']) sentSignatures.push(headers['x-hub-signature'].slice(7));
      return request(app)
        .post(WEBHOOK_PATH)
        .set({ 'content-type': 'application/json', ...headers })
        .send(raw);
    };
    const raw = JSON.stringify(commentCreatedBody());
    const other = JSON.stringify(commentCreatedBody({ commentId: '2' }));

    expect((await post(raw, { 'x-hub-signature': signBody(raw, SECRET) })).status).toBe(503);
    expect((await post(raw, { 'x-hub-signature': signBody(raw, SECRET) })).status).toBe(200);
    expect((await post(other, { 'x-hub-signature': signBody(other, OLD_SECRET) })).status).toBe(
      200,
    );
    expect((await post(raw, { 'x-hub-signature': signBody(raw, 'guess') })).status).toBe(401);
    expect((await post(raw, { 'x-hub-signature': signBody(other, SECRET) })).status).toBe(401);
    expect((await post(raw, { 'x-automation-token': `${TOKEN}x` })).status).toBe(401);
    expect((await post('{"x":', { 'x-hub-signature': signBody('{"x":', SECRET) })).status).toBe(
      400,
    );

    const text = log.lines.join('\n');
    expect(log.lines.length).toBeGreaterThanOrEqual(7);
    expect(text).toContain('[redacted]');
    for (const secret of [SECRET, OLD_SECRET, TOKEN, 'guess']) expect(text).not.toContain(secret);
    for (const signature of sentSignatures) expect(text).not.toContain(signature);
  });
});
