import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  desiredWebhook,
  loadWebhookDefinition,
  registerWebhook,
  unregisterWebhook,
} from '../../src/service/webhook-registration.ts';
import { CONFIG, startWorld, type World } from '../support/world.ts';

let world: World;
const definition = loadWebhookDefinition();

beforeEach(async () => {
  world = await startWorld();
  // startWorld registered the service's webhook; start these tests from a clean Jira.
  await unregisterWebhook(world.service.jira.gateway, definition.name);
});

afterEach(async () => {
  await world.close();
});

describe('registering the admin webhook', () => {
  const desired = (url = 'https://support-bot.example.com') =>
    desiredWebhook(definition, url, CONFIG, 'secret-1');

  it('creates the webhook with its events and a JQL filter of the configured projects', async () => {
    const result = await registerWebhook(world.service.jira.gateway, desired());
    expect(result.action).toBe('created');
    const [webhook] = world.sandbox.webhooks.list();
    expect(webhook).toMatchObject({
      name: 'jira-support-middleware',
      url: 'https://support-bot.example.com/webhooks/jira',
      events: ['comment_created', 'jira:issue_updated'],
      filters: { 'issue-related-events-section': 'project in (SUP)' },
      secret: 'secret-1',
    });
  });

  it('is idempotent: registering twice leaves one webhook', async () => {
    await registerWebhook(world.service.jira.gateway, desired());
    const again = await registerWebhook(world.service.jira.gateway, desired());
    expect(again.action).toBe('unchanged');
    expect(world.sandbox.webhooks.list()).toHaveLength(1);
  });

  it('replaces a webhook whose URL changed, and removes duplicates', async () => {
    await registerWebhook(world.service.jira.gateway, desired('https://old.example.com'));
    world.sandbox.webhooks.register({ ...desired('https://old.example.com'), secret: 'x' });
    const result = await registerWebhook(
      world.service.jira.gateway,
      desired('https://new.example.com'),
    );
    expect(result.action).toBe('replaced');
    expect(result.removed).toHaveLength(2);
    expect(world.sandbox.webhooks.list().map((w) => w.url)).toEqual([
      'https://new.example.com/webhooks/jira',
    ]);
  });

  it('re-registers to set a rotated secret, which Jira never shows back', async () => {
    await registerWebhook(world.service.jira.gateway, desired());
    const rotated = { ...desired(), secret: 'secret-2' };
    expect((await registerWebhook(world.service.jira.gateway, rotated)).action).toBe('unchanged');
    expect(
      (await registerWebhook(world.service.jira.gateway, rotated, { rotateSecret: true })).action,
    ).toBe('replaced');
    expect(world.sandbox.webhooks.list()).toMatchObject([{ secret: 'secret-2' }]);
  });

  it('deletes only its own webhook', async () => {
    world.sandbox.webhooks.register({
      name: 'other-integration',
      url: 'https://other.example.com',
      events: ['jira:issue_created'],
    });
    await registerWebhook(world.service.jira.gateway, desired());
    expect(await unregisterWebhook(world.service.jira.gateway, definition.name)).toHaveLength(1);
    expect(world.sandbox.webhooks.list().map((w) => w.name)).toEqual(['other-integration']);
  });
});
