/**
 * Child process of bench/memory.ts (run with --expose-gc, a fresh process per variant so that
 * nothing else this benchmark did is in its heap): N distinct signed deliveries through the
 * receiver's `receive()`, in process, one after the other.
 *
 * argv: variant deliveries
 * - `unconfigured`: the real delivery processor; the project is not configured, so every delivery
 *   is screened out (204) and never reaches the dedupe cache.
 * - `configured`: an SUP issue in validation and a processor stub answering `no-action` at once,
 *   so every identifier is claimed and completed in the dedupe cache (100,000 at most by default).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { JiraActionRunner } from '../src/actions/index.ts';
import { loadProjectsFile } from '../src/config/index.ts';
import { createDeliveryProcessor } from '../src/processing/delivery-processor.ts';
import { screenPayload } from '../src/processing/screen-payload.ts';
import { buildGateway } from '../src/service/gateway-factory.ts';
import {
  createWebhookReceiver,
  IDENTIFIER_HEADER,
  SIGNATURE_HEADER,
  type DeliveryProcessor,
} from '../src/webhooks/index.ts';
import { serveParent } from './child.ts';
import { BENCH_SECRET, configuredDelivery, unconfiguredDelivery } from './payloads.ts';

const variant = process.argv[2];
const deliveries = Number(process.argv[3] ?? 200_000);
const WARM_UP = 1_000;
if (variant !== 'configured' && variant !== 'unconfigured') {
  throw new Error('usage: memory-worker.ts configured|unconfigured deliveries');
}
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const settle = () => {
  gc?.();
  gc?.();
};

const silent = pino({ level: 'silent' });
const config = loadProjectsFile(fileURLToPath(new URL('../config/projects.yaml', import.meta.url)));
let processor: DeliveryProcessor;
if (variant === 'unconfigured') {
  const { gateway } = buildGateway(
    {
      baseUrl: 'http://127.0.0.1:9',
      siteUrl: 'http://127.0.0.1:9',
      email: 'bot@pixeon.example',
      apiToken: 'x',
      sandbox: false,
    },
    { maxConcurrency: 8, log: silent },
  );
  processor = createDeliveryProcessor({
    gateway,
    config,
    runner: new JiraActionRunner(gateway),
    botAccountId: async () => 'bot',
  });
} else {
  processor = {
    screen: (payload) => screenPayload(payload, config),
    process: async () => ({ outcome: 'no-action', reason: 'benchmark stub' }),
  };
}
const outcomes: Record<string, number> = {};
const receiver = createWebhookReceiver({
  secrets: [BENCH_SECRET],
  processor,
  logger: silent,
  onOutcome: (_event, outcome) => {
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  },
});
const { body, signature } =
  variant === 'configured' ? configuredDelivery() : unconfiguredDelivery();

async function deliver(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const response = await receiver.receive({
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [SIGNATURE_HEADER]: signature,
        // Jira's identifiers are opaque; a UUID is as long as any seen.
        [IDENTIFIER_HEADER]: randomUUID(),
      },
      body,
    });
    if (response.status !== (variant === 'configured' ? 200 : 204)) {
      throw new Error(`unexpected answer ${response.status} (${response.outcome})`);
    }
  }
}

settle();
const start = process.memoryUsage();
const started = performance.now();
await deliver(WARM_UP);
settle();
const warm = process.memoryUsage();
let peakRss = warm.rss;
// After a full GC every 50,000: a leak grows steadily, heap sizing settles.
const checkpoints: Array<{
  deliveries: number;
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
}> = [];
for (let done = WARM_UP; done < deliveries;) {
  const batch = Math.min(10_000 - (done % 10_000), deliveries - done);
  await deliver(batch);
  done += batch;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (done % 50_000 === 0 || done === deliveries) {
    settle();
    const now = process.memoryUsage();
    checkpoints.push({
      deliveries: done,
      rssMb: mb(now.rss),
      heapTotalMb: mb(now.heapTotal),
      heapUsedMb: mb(now.heapUsed),
    });
  }
}
const seconds = (performance.now() - started) / 1000;
settle();
const end = process.memoryUsage();

serveParent(
  {
    variant,
    deliveries,
    gcExposed: gc !== undefined,
    rssStartMb: mb(start.rss),
    rssAfterWarmUpMb: mb(warm.rss),
    rssEndMb: mb(end.rss),
    rssPeakMb: mb(peakRss),
    rssGrowthMb: mb(end.rss - start.rss),
    rssGrowthAfterFirstCheckpointMb:
      checkpoints.length > 0 ? Math.round((mb(end.rss) - checkpoints[0]!.rssMb) * 10) / 10 : null,
    heapUsedStartMb: mb(start.heapUsed),
    heapUsedEndMb: mb(end.heapUsed),
    heapUsedGrowthMb: mb(end.heapUsed - start.heapUsed),
    heapTotalStartMb: mb(start.heapTotal),
    heapTotalEndMb: mb(end.heapTotal),
    checkpoints,
    dedupeEntries: receiver.dedupe.size,
    deliveriesPerSecond: Math.round(deliveries / seconds),
    outcomes,
  },
  async () => ({}),
);
