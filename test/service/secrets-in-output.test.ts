import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { serveCommand } from '../../src/cli/commands/serve.ts';
import { secretScrubber } from '../../src/domain/index.ts';
import { ServiceMetrics } from '../../src/service/metrics.ts';
import type { Service } from '../../src/service/service.ts';
import { createServiceApp } from '../../src/service/service-app.ts';
import type { WebhookRouter } from '../../src/webhooks/index.ts';
import { signBody } from '../../src/webhooks/index.ts';
import { fakeCliIo } from '../support/cli-io.ts';
import { captureLog, silentLogger, type LogCapture } from '../support/log-capture.ts';
import { eventually } from '../support/poll.ts';
import { startQuotingJira, type QuotingJira } from '../support/quoting-jira.ts';
import {
  leakedForms,
  secretEnv,
  TEST_EMAIL,
  TEST_SHARED_TOKEN,
  TEST_TOKEN,
  TEST_WEBHOOK_SECRET,
} from '../support/secret-forms.ts';
import { commentCreatedBody } from '../webhooks/support.ts';

// `serve` against a Jira whose error answers quote the request's credentials back: its log, its
// /readyz body and its webhook answers show Jira's refusal with every credential blanked.

let jira: QuotingJira;
let log: LogCapture;
let serviceUrl: string;
let stop: () => Promise<number>;
let service: Service | undefined;

beforeAll(async () => {
  jira = await startQuotingJira();
  log = captureLog();
  const signals = new EventEmitter();
  const cli = fakeCliIo(secretEnv(jira.url, { PORT: '0', LOG_LEVEL: 'debug' }));
  const serving = serveCommand([], cli.io, {
    signals,
    logStream: log.stream,
    onStarted: (started) => {
      service = started.service;
    },
  });
  const listening = await eventually(
    () => log.find('jira-support-middleware listening')[0]?.url as string | undefined,
    { what: 'serve to listen' },
  );
  serviceUrl = listening.replace('0.0.0.0', '127.0.0.1');
  stop = () => {
    signals.emit('SIGTERM');
    return serving;
  };
});

afterAll(async () => {
  await stop?.();
  await jira.close();
});

describe.each(['json', 'proxy'] as const)('serve, Jira quoting credentials (%s)', (mode) => {
  beforeAll(() => {
    jira.settings.mode = mode;
  });

  it('/readyz says Jira refused, without any form of a secret', async () => {
    // The background check, made now in this mode (probes only read what it found).
    await service!.jiraCheck.check();
    const response = await fetch(`${serviceUrl}/readyz`);
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(text).jira).toMatch(/^unreachable: GET \/rest\/api\/3\/myself failed: 400/);
    expect(text).toContain('[redacted]');
    expect(leakedForms(text)).toEqual([]);
  });

  it.each([
    ['a signed', (raw: string) => ({ 'x-hub-signature': signBody(raw, TEST_WEBHOOK_SECRET) })],
    ['a shared-token', () => ({ 'x-automation-token': TEST_SHARED_TOKEN })],
  ])('%s delivery: its answer and the log lines carry none', async (_how, headers) => {
    const before = log.lines.length;
    // A distinct (decimal) comment id per delivery, so none is taken for a replay.
    const commentId = String(20000 + (mode === 'json' ? 0 : 10) + (_how === 'a signed' ? 0 : 1));
    const raw = JSON.stringify(commentCreatedBody({ commentId }));
    const response = await fetch(`${serviceUrl}/webhooks/jira`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers(raw) },
      body: raw,
    });
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ outcome: 'failed' });
    expect(text).toContain('400 Bad Request');
    expect(text).toContain('[redacted]');
    expect(leakedForms(text)).toEqual([]);
    const lines = log.lines.slice(before).join('\n');
    expect(lines).toContain('400 Bad Request');
    expect(lines).toContain('[redacted]');
    expect(leakedForms(lines)).toEqual([]);
  });

  it('nothing in the whole log carries a secret', () => {
    expect(log.lines.length).toBeGreaterThan(3);
    expect(leakedForms(log.text())).toEqual([]);
  });
});

describe('the HTTP app', () => {
  // Whatever a part puts in a JSON answer, even text that never went through the Jira transport.
  const quoted = `Basic ${Buffer.from(`${TEST_EMAIL}:${TEST_TOKEN}`).toString('base64')} ${TEST_TOKEN}`;
  const webhooks = express.Router() as WebhookRouter;
  webhooks.post('/webhooks/jira', (_req, res) => {
    res.status(200).json({ outcome: 'failed', reason: quoted, nested: [{ [TEST_TOKEN]: 1 }] });
  });
  const app = createServiceApp({
    webhooks,
    metrics: new ServiceMetrics({ defaultMetrics: false }),
    log: silentLogger(),
    scrubber: secretScrubber({
      values: [TEST_TOKEN],
      basic: [{ user: TEST_EMAIL, password: TEST_TOKEN }],
    }),
    projects: ['SUP'],
    stopping: () => false,
    jira: () => ({ ready: false, jira: `unreachable: ${quoted}` }),
  });

  it.each([
    ['/readyz', 'get'],
    ['/webhooks/jira', 'post'],
  ] as const)('scrubs every JSON answer: %s', async (path, method) => {
    const response = await request(app)[method](path);
    expect(response.text).toContain('Basic [redacted] [redacted]');
    expect(leakedForms(response.text)).toEqual([]);
  });
});
