/**
 * The slow-body flood of issue 13: 150 unsigned clients each announce a body just under
 * WEBHOOK_MAX_BODY_BYTES, send all of it but the last byte at once, and hold it. The server is the
 * whole service app (bench/webhook-server.ts `service`, default environment) in a child process;
 * its RSS is read from /proc/<pid>/status every 20 ms, and its peak is the kernel's high-water mark
 * (VmHWM) at the end of the hold. /healthz is asked every 100 ms throughout.
 *
 * The clients hold for `holdMs` (default 5 s, under the default 10 s body timeout, so the bodies
 * the service does read are still held when the peak is taken), then go away; RSS is read again
 * a second later.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { loadEnv } from '../src/config/index.ts';
import { WEBHOOK_PATH } from '../src/webhooks/index.ts';
import { startChild } from './child.ts';

export interface FloodBenchResult {
  clients: number;
  bodyBytes: number;
  holdMs: number;
  rssBeforeMb: number;
  /** the highest RSS sampled during the hold, and the kernel's high-water mark at its end */
  rssPeakSampledMb: number;
  rssPeakMb: number;
  rssAfterMb: number;
  /** the clients' answers by status; `held` for those still held (unanswered) when they went away */
  answers: Record<string, number>;
  healthz: { requests: number; failures: number; maxMs: number };
  target: { rssPeakMb: number };
  pass: { rssPeak: boolean; healthz: boolean };
}

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

/** VmRSS and VmHWM of a process, in kB, from /proc (0 where there is no /proc). */
function memoryOf(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

function holdBody(port: number, length: number, held: Buffer, answers: string[]): Socket {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk: Buffer) => {
    if (answer === '') answer = chunk.toString('latin1').split(' ')[1] ?? '?';
  });
  socket.on('error', () => {});
  socket.on('close', () => answers.push(answer || 'held'));
  socket.write(
    `POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${length}\r\n\r\n`,
  );
  socket.write(held);
  return socket;
}

export async function benchFlood(
  options: { clients?: number; holdMs?: number; log?: (line: string) => void } = {},
): Promise<FloodBenchResult> {
  const clients = options.clients ?? 150;
  const holdMs = options.holdMs ?? 5_000;
  const log = options.log ?? (() => {});
  // The service's own default: the largest body it would read.
  const bodyBytes = loadEnv({}).WEBHOOK_MAX_BODY_BYTES - 1;
  const child = await startChild<{ url: string }>('./webhook-server.ts', ['service']);
  const { url } = child.ready;
  const port = Number(new URL(url).port);
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = memoryOf(child.pid);
    log(`memory: slow-body flood, ${clients} clients of ${bodyBytes.toLocaleString('en')} bytes`);
    const healthz = { requests: 0, failures: 0, maxMs: 0 };
    let peakSampled = before.rss;
    const sampler = setInterval(() => {
      peakSampled = Math.max(peakSampled, memoryOf(child.pid).rss);
    }, 20);
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        healthz.requests++;
        try {
          const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
          if (res.status !== 200) healthz.failures++;
          await res.arrayBuffer();
        } catch {
          healthz.failures++;
        }
        healthz.maxMs = Math.max(healthz.maxMs, Math.round(performance.now() - started));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    const held = Buffer.alloc(bodyBytes - 1, 'a');
    const statuses: string[] = [];
    const sockets = Array.from({ length: clients }, () =>
      holdBody(port, bodyBytes, held, statuses),
    );
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    clearInterval(sampler);
    const peak = memoryOf(child.pid);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    probing = false;
    await probe;
    const after = memoryOf(child.pid);

    const answers: Record<string, number> = {};
    for (const status of statuses) answers[status] = (answers[status] ?? 0) + 1;
    const rssPeakMb = mb(Math.max(peak.hwm, peakSampled));
    return {
      clients,
      bodyBytes,
      holdMs,
      rssBeforeMb: mb(before.rss),
      rssPeakSampledMb: mb(peakSampled),
      rssPeakMb,
      rssAfterMb: mb(after.rss),
      answers,
      healthz,
      target: { rssPeakMb: 256 },
      pass: { rssPeak: rssPeakMb < 256, healthz: healthz.failures === 0 },
    };
  } finally {
    await child.stop();
  }
}
