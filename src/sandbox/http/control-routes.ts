import express, { type Router } from 'express';
import { parseInstant } from '../../calendar/index.ts';
import type { SandboxClock } from '../clock.ts';
import { formatJiraTimestamp } from '../jira-time.ts';
import type { SandboxStore } from '../store.ts';
import type { WebhookDispatcher } from '../webhooks/dispatcher.ts';
import type { CallStats } from './call-stats.ts';
import { badRequest, ISSUE_NOT_FOUND, JiraHttpError } from './errors.ts';
import { faultSettingsSchema, type FaultInjector } from './faults.ts';
import { isObject } from './request.ts';

export interface SandboxControl {
  clock: SandboxClock;
  store: SandboxStore;
  faults: FaultInjector;
  stats: CallStats;
  webhooks: WebhookDispatcher;
  reset(): void;
}

/**
 * /_sandbox: the test and demo controls. No auth, no faults, no call counting: they are not
 * part of the Jira being imitated.
 */
export function controlRouter(control: SandboxControl): Router {
  const router = express.Router();
  const { clock, store } = control;
  const zone = store.site.zone;
  const clockState = () => ({
    now: formatJiraTimestamp(clock.now(), zone),
    iso: new Date(clock.now()).toISOString(),
    fixed: clock.isFixed(),
  });

  router.get('/clock', (_req, res) => {
    res.json(clockState());
  });
  router.post('/clock', (req, res) => {
    const body: unknown = req.body;
    if (!isObject(body) || !('now' in body)) {
      throw badRequest('Send {"now": "<ISO date-time>"} or {"now": null} for the real clock.');
    }
    if (body.now === null) clock.set(null);
    else {
      const instant = typeof body.now === 'string' ? parseInstant(body.now, zone) : undefined;
      if (instant === undefined)
        throw badRequest(`"now" is not an ISO date-time: ${JSON.stringify(body.now)}`);
      clock.set(instant);
    }
    res.json(clockState());
  });

  // The search index's lag behind writes (site.searchLagMs), and a way to let it catch up.
  router.get('/search', (_req, res) => {
    res.json({ lagMs: store.searchLag.lagMs, behind: store.searchLag.behind });
  });
  router.post('/search/settle', (_req, res) => {
    res.json({ settled: store.searchLag.settle() });
  });

  router.get('/faults', (_req, res) => {
    res.json(control.faults.settings());
  });
  router.post('/faults', (req, res) => {
    const result = faultSettingsSchema.safeParse(req.body ?? {});
    if (!result.success) {
      throw badRequest(
        result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    }
    res.json(control.faults.set(result.data));
  });

  router.post('/reset', (_req, res) => {
    control.reset();
    res.json({ issues: store.size });
  });

  // Deletes an issue as DELETE /rest/api/3/issue/{key} does (webhook included), without auth.
  router.post('/issues/:key/delete', (req, res) => {
    const issue = store.issue(req.params.key);
    if (!issue) throw new JiraHttpError(404, [ISSUE_NOT_FOUND]);
    store.deleteIssue(issue.key);
    res.status(204).end();
  });

  router.get('/stats', (_req, res) => {
    res.json({ ...control.stats.snapshot(), faults: { ...control.faults.counts } });
  });
  router.delete('/stats', (_req, res) => {
    control.stats.reset();
    control.faults.resetCounts();
    res.status(204).end();
  });

  router.get('/webhooks/deliveries', (_req, res) => {
    res.json(control.webhooks.deliveries());
  });
  router.get('/webhooks/idle', async (_req, res) => {
    await control.webhooks.idle();
    res.status(204).end();
  });

  router.get('/users', (_req, res) => {
    res.json({
      apiToken: store.site.apiToken,
      users: store.site.users.map((u) => ({
        email: u.email,
        accountId: u.accountId,
        displayName: u.displayName,
        accountType: u.accountType,
        active: u.active,
        groups: u.groups,
        siteAdmin: u.siteAdmin,
        privateProfile: u.privateProfile,
      })),
    });
  });
  return router;
}
