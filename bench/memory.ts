/**
 * Receiver memory under many distinct deliveries: RSS of a fresh process (bench/memory-worker.ts,
 * --expose-gc, a full GC before each reading) before and after 200,000 signed deliveries.
 *
 * Two variants, because the dedupe cache only remembers deliveries that reach processing:
 * - `unconfigured`: screened out with 204 before the dedupe cache (the webhook benchmark's path);
 * - `configured`: an SUP issue in validation and a processor stub answering `no-action`, so every
 *   identifier enters the dedupe cache, which holds 100,000 at most: the worst case, and the one
 *   the headline figures (rssStartMb, rssEndMb) report.
 *
 * RSS is what a container limit sees, so it is the headline; heapUsed after a full GC is what the
 * code retains. The two differ a lot here: a tight loop of deliveries allocates fast, V8 grows its
 * young generation (up to 2 × --max-semi-space-size) and keeps freed pages pooled, and none of that
 * is returned after a GC. Checkpoints every 50,000 deliveries tell steady growth (a leak) from a
 * heap that has sized itself.
 *
 * Then the slow-body flood (bench/flood.ts): peak RSS of the service while 150 unsigned clients
 * hold bodies just under the limit open.
 */
import { startChild } from './child.ts';
import { benchFlood, type FloodBenchResult } from './flood.ts';

export interface MemoryRun {
  variant: 'unconfigured' | 'configured';
  deliveries: number;
  gcExposed: boolean;
  rssStartMb: number;
  rssAfterWarmUpMb: number;
  rssEndMb: number;
  rssPeakMb: number;
  rssGrowthMb: number;
  /** from the first checkpoint (50,000 deliveries) to the end: ~0 when the heap has sized itself */
  rssGrowthAfterFirstCheckpointMb: number | null;
  heapUsedStartMb: number;
  heapUsedEndMb: number;
  /** what the JS heap retains after a full GC: the dedupe cache, caches, compiled code */
  heapUsedGrowthMb: number;
  heapTotalStartMb: number;
  heapTotalEndMb: number;
  checkpoints: Array<{
    deliveries: number;
    rssMb: number;
    heapTotalMb: number;
    heapUsedMb: number;
  }>;
  dedupeEntries: number;
  deliveriesPerSecond: number;
  outcomes: Record<string, number>;
}

export interface MemoryBenchResult {
  deliveries: number;
  /** the variant with the larger growth (the configured one, which fills the dedupe cache) */
  headline: MemoryRun['variant'];
  rssStartMb: number;
  rssEndMb: number;
  rssGrowthMb: number;
  /** the same, for what the JS heap retains after a full GC */
  heapUsedGrowthMb: number;
  target: { growthMb: number };
  /** rss: RSS growth of both variants under the target; heapRetained: the same for heapUsed */
  pass: { rss: boolean; heapRetained: boolean };
  unconfigured: MemoryRun;
  configured: MemoryRun;
  slowBodyFlood: FloodBenchResult;
}

async function run(variant: MemoryRun['variant'], deliveries: number): Promise<MemoryRun> {
  const child = await startChild<MemoryRun>('./memory-worker.ts', [variant, String(deliveries)], {
    execArgv: ['--expose-gc'],
  });
  await child.stop();
  const result: MemoryRun & { type?: string } = { ...child.ready };
  delete result.type;
  return result;
}

export async function benchMemory(
  options: { deliveries?: number; log?: (line: string) => void } = {},
): Promise<MemoryBenchResult> {
  const deliveries = options.deliveries ?? 200_000;
  const log = options.log ?? (() => {});
  log(`memory: ${deliveries.toLocaleString('en')} deliveries, unconfigured project`);
  const unconfigured = await run('unconfigured', deliveries);
  log(`memory: unconfigured: RSS ${unconfigured.rssStartMb} → ${unconfigured.rssEndMb} MB`);
  log(`memory: ${deliveries.toLocaleString('en')} deliveries, configured project (dedupe cache)`);
  const configured = await run('configured', deliveries);
  log(`memory: configured: RSS ${configured.rssStartMb} → ${configured.rssEndMb} MB`);
  const slowBodyFlood = await benchFlood({ log });
  log(
    `memory: slow-body flood: RSS ${slowBodyFlood.rssBeforeMb} → peak ${slowBodyFlood.rssPeakMb} MB`,
  );
  const headline = configured.rssGrowthMb >= unconfigured.rssGrowthMb ? configured : unconfigured;
  return {
    deliveries,
    headline: headline.variant,
    rssStartMb: headline.rssStartMb,
    rssEndMb: headline.rssEndMb,
    rssGrowthMb: headline.rssGrowthMb,
    heapUsedGrowthMb: headline.heapUsedGrowthMb,
    target: { growthMb: 50 },
    pass: {
      rss: Math.max(configured.rssGrowthMb, unconfigured.rssGrowthMb) < 50,
      heapRetained: Math.max(configured.heapUsedGrowthMb, unconfigured.heapUsedGrowthMb) < 50,
    },
    unconfigured,
    configured,
    slowBodyFlood,
  };
}
