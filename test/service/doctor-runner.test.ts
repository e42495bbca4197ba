import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { loadProjectsFile } from '../../src/config/index.ts';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createDoctorRunner } from '../../src/service/doctor-runner.ts';
import { buildGateway } from '../../src/service/gateway-factory.ts';
import { ServiceMetrics } from '../../src/service/metrics.ts';
import { createServiceApp } from '../../src/service/service-app.ts';
import { loadWebhookDefinition } from '../../src/service/webhook-registration.ts';
import { captureLog } from '../support/log-capture.ts';

let sandbox: Sandbox;
let url: string;
beforeAll(async () => {
  sandbox = createSandbox();
  url = (await sandbox.start(0, '127.0.0.1')).url;
});
afterAll(async () => {
  await sandbox.close();
});

function doctorWorld() {
  const log = captureLog('info');
  const metrics = new ServiceMetrics({ defaultMetrics: false });
  const jira = buildGateway(
    {
      baseUrl: url,
      siteUrl: url,
      email: 'bot@pixeon.example',
      apiToken: 'sandbox',
      sandbox: false,
    },
    { maxConcurrency: 2, log: log.logger },
  );
  const runner = createDoctorRunner({
    jira: jira.gateway,
    config: loadProjectsFile('config/projects.yaml'),
    definition: loadWebhookDefinition(),
    baseUrl: url,
    // No webhook is registered at this URL: the run has one failing check.
    publicUrl: () => 'https://support-bot.example.com',
    hasSecret: true,
    log: log.logger,
    metrics,
  });
  const app = createServiceApp({
    webhooks: express.Router() as never,
    metrics,
    log: log.logger,
    scrubber: { scrub: (t: string) => t, scrubValue: (v: unknown) => v } as never,
    projects: ['SUP'],
    stopping: () => false,
    jira: () => ({ ready: true, jira: 'ok' }),
    doctor: () => runner.last(),
  });
  return { log, metrics, runner, app };
}

describe("serve's doctor", () => {
  it("keeps the last run's full checklist for the admin page", async () => {
    const { runner } = doctorWorld();
    expect(runner.lastReport()).toBeUndefined();
    const report = await runner.run();
    const last = runner.lastReport();
    expect(last!.report).toBe(report);
    expect(last!.checkedAt).toBe(runner.last()!.checkedAt);
    expect(last!.report.checks.find((c) => c.name === 'webhook')).toMatchObject({
      ok: false,
      severity: 'error',
      fix: expect.stringMatching(/webhooks register/),
    });
  });

  it('logs each failing check with its fix, sets the gauge, and /readyz answers from memory', async () => {
    const { log, metrics, runner, app } = doctorWorld();
    expect((await request(app).get('/readyz').expect(200)).body.doctor).toBeUndefined();
    await runner.run();
    const failing = log.find('doctor: webhook fails');
    expect(failing).toHaveLength(1);
    expect(failing[0]!.fix).toMatch(/webhooks register/);
    const gauge = await metrics.registry.getSingleMetricAsString('jsm_doctor_failing_checks');
    expect(gauge).toContain('jsm_doctor_failing_checks{severity="error"} 1');
    expect(gauge).toContain('jsm_doctor_failing_checks{severity="warning"} 1');

    const before = sandbox.stats.calls('getCurrentUser');
    const statusesBefore = sandbox.stats.calls('getAllStatuses');
    for (let i = 0; i < 3; i++) {
      const ready = await request(app).get('/readyz').expect(200);
      expect(ready.body.doctor).toMatchObject({
        ok: false,
        failing: ['webhook'],
        warnings: ['SUP: JSM automation rules'],
        summary: expect.stringMatching(/^doctor: PROBLEMS: \d+ ok, 1 failing, 1 warning/),
      });
    }
    // Probes never make the doctor call Jira.
    expect(sandbox.stats.calls('getCurrentUser')).toBe(before);
    expect(sandbox.stats.calls('getAllStatuses')).toBe(statusesBefore);
  });

  it('a Jira whose every read fails gives failed checks, not a throw that would stop serve', async () => {
    const log = captureLog('info');
    const broken = createDoctorRunner({
      jira: {} as never,
      config: loadProjectsFile('config/projects.yaml'),
      definition: loadWebhookDefinition(),
      baseUrl: url,
      publicUrl: () => undefined,
      hasSecret: true,
      log: log.logger,
      metrics: new ServiceMetrics({ defaultMetrics: false }),
    });
    const report = await broken.run();
    expect(report?.ok).toBe(false);
    expect(report?.checks[0]).toMatchObject({ name: 'credentials', ok: false });
    expect(broken.last()?.failing).toContain('credentials');
    expect(log.find('doctor: credentials fails')).toHaveLength(1);
  });
});
