import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { parseInstant } from '../calendar/index.ts';
import { SandboxClock } from './clock.ts';
import { buildApp } from './http/app.ts';
import { basicAuthHeader } from './http/auth.ts';
import { CallStats } from './http/call-stats.ts';
import { FaultInjector, type FaultSettingsInput } from './http/faults.ts';
import type { User } from './model.ts';
import type { RenderContext } from './render.ts';
import { applySeedIssues } from './seed/apply-seed.ts';
import { withDemoSeed } from './seed/demo-seed.ts';
import { loadSeedFile } from './seed/load-seed.ts';
import type { SandboxSeed } from './seed/seed-schema.ts';
import { Site } from './site.ts';
import { SandboxStore } from './store.ts';
import {
  WebhookDispatcher,
  type DeliveryRecord,
  type WebhookDeliveryOptions,
} from './webhooks/dispatcher.ts';
import { WebhookRegistry, type AdminWebhook, type WebhookInput } from './webhooks/registry.ts';

export interface SandboxOptions {
  /** a parsed seed, or the path of a seed file; default config/sandbox.yaml */
  seed?: SandboxSeed | string;
  /** create the seed's demo issues (default true); tests usually start empty */
  demoIssues?: boolean;
  /**
   * append the demo seed (config/sandbox-demo.yaml, or this path): the issues that fill the admin
   * page. Only the embedded default and `sandbox --demo` use it; default false
   */
  demo?: boolean | string;
  /** freeze the clock at this instant (ISO date-time or epoch ms); default the real clock */
  now?: string | number;
  /** retry delays and timeout of webhook deliveries (tests use a few ms) */
  webhooks?: WebhookDeliveryOptions;
  /** faults from the start (also settable at run time) */
  faults?: FaultSettingsInput;
  /** the site URL in webhook bodies; default the URL start() listens on */
  baseUrl?: string;
}

export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface SandboxWebhooks {
  /** registers an admin webhook directly (as the first site admin unless `by` says otherwise) */
  register(input: WebhookInput, by?: string): AdminWebhook;
  list(): AdminWebhook[];
  remove(id: number): boolean;
  /** resolves when no delivery is in flight or waiting for a retry */
  idle(): Promise<void>;
  /** every delivery with its attempts, oldest first */
  deliveries(): DeliveryRecord[];
  clearLog(): void;
}

export interface Sandbox {
  /** the express app, for supertest or to mount elsewhere */
  app: Express;
  site: Site;
  store: SandboxStore;
  clock: SandboxClock;
  webhooks: SandboxWebhooks;
  faults: FaultInjector;
  stats: CallStats;
  /** back to the seed: issues, clock, faults, statistics and delivery log (webhooks stay) */
  reset(): void;
  /** listens on host:port (port 0 picks a free one) */
  start(port?: number, host?: string): Promise<RunningSandbox>;
  /** closes every server start() opened and abandons pending deliveries */
  close(): Promise<void>;
  /** `Basic ...` for a seeded user (default the first one, the service's bot) */
  authHeader(email?: string): string;
}

/** Creates an in-memory Jira Cloud site (see README.md beside it). Nothing listens until start(). */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const base =
    typeof options.seed === 'object' ? options.seed : loadSeedFile(options.seed ?? undefined);
  const seed = options.demo
    ? withDemoSeed(base, typeof options.demo === 'string' ? options.demo : undefined)
    : base;
  const site = new Site(seed);
  const clock = new SandboxClock();
  const initialNow = options.now === undefined ? null : instant(options.now, site);
  clock.set(initialNow);
  const store = new SandboxStore(site, clock);
  const stats = new CallStats();
  const faults = new FaultInjector(options.faults);
  const registry = new WebhookRegistry();
  let baseUrl = options.baseUrl ?? 'http://127.0.0.1';
  const renderContext = (): RenderContext => ({ base: baseUrl, site });
  const dispatcher = new WebhookDispatcher(registry, store, renderContext, options.webhooks);
  const seedIssues = () => {
    if (options.demoIssues !== false) applySeedIssues(store, seed, clock.now());
  };
  seedIssues();

  const reset = () => {
    dispatcher.stop();
    dispatcher.clearLog();
    clock.set(initialNow);
    store.clear();
    seedIssues();
    stats.reset();
    faults.set(options.faults ?? {});
    faults.resetCounts();
  };
  const app = buildApp({ clock, store, faults, stats, webhooks: dispatcher, reset }, registry);
  const servers = new Set<Server>();

  const firstAdmin = (): User => site.users.find((u) => u.siteAdmin) ?? site.users[0]!;
  const webhooks: SandboxWebhooks = {
    register: (input, by) =>
      registry.register(input, by === undefined ? firstAdmin() : site.user(by), clock.now()),
    list: () => registry.list(),
    remove: (id) => registry.remove(id),
    idle: () => dispatcher.idle(),
    deliveries: () => dispatcher.deliveries(),
    clearLog: () => dispatcher.clearLog(),
  };

  const closeServer = (server: Server) =>
    new Promise<void>((resolve) => {
      if (!servers.delete(server)) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    app,
    site,
    store,
    clock,
    webhooks,
    faults,
    stats,
    reset,
    start: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        const server = createServer(app);
        // Longer than any client's idle keep-alive (undici: 4 s), so a client never reuses a
        // socket the server is closing at that moment (a spurious ECONNRESET on a loaded machine).
        server.keepAliveTimeout = 65_000;
        server.once('error', reject);
        server.listen(port, host, () => {
          servers.add(server);
          const address = server.address() as AddressInfo;
          const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
          if (options.baseUrl === undefined) baseUrl = url;
          resolve({ url, port: address.port, close: () => closeServer(server) });
        });
      }),
    close: async () => {
      dispatcher.stop();
      await Promise.all([...servers].map(closeServer));
    },
    authHeader: (email) => basicAuthHeader(email ?? site.users[0]!.email, site.apiToken),
  };
}

function instant(value: string | number, site: Site): number {
  if (typeof value === 'number') return value;
  const ms = parseInstant(value, site.zone);
  if (ms === undefined) throw new Error(`sandbox option "now" is not an ISO date-time: ${value}`);
  return ms;
}
