/**
 * `node bench/sandbox-search.ts [--json] [--issues N]`: how fast the sandbox Jira answers the
 * searches the service makes, with 100,000 issues in memory. Not a test: figures vary by machine.
 */
import { request } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createSandbox } from '../src/sandbox/index.ts';

const VALIDATION = 'Tarefa Resolvida – Aguardando Validação do cliente';

export interface SandboxSearchBenchResult {
  issues: number;
  seedMs: number;
  heapMb: number;
  /** issues in the validation status (what the nightly sweep pages through) */
  matches: number;
  /** one page of 100 issues with fields and changelog, over HTTP on loopback (until the last byte) */
  httpPageMs: { mean: number; p50: number; p95: number; pages: number };
  /** the catch-up query (no ORDER BY, a date filter), ids only, over HTTP */
  httpCatchUpMs: { mean: number; p50: number; p95: number; requests: number };
}

export async function benchSandboxSearch(issues = 100_000): Promise<SandboxSearchBenchResult> {
  const sandbox = createSandbox({ demoIssues: false });
  let t0 = performance.now();
  sandbox.store.seedIssues(issues, { seed: 2026, longHistoryShare: 0.02 });
  const seedMs = performance.now() - t0;
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const running = await sandbox.start(0);
  const auth = sandbox.authHeader();

  const get = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${running.url}${path}`, { headers: { authorization: auth } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.on('error', reject);
      req.end();
    });

  // The sweep: every issue in validation, 100 a page, with the fields and changelog it reads.
  const sweep = encodeURIComponent(`project = SUP AND status = "${VALIDATION}" ORDER BY key ASC`);
  const fields = 'summary,status,issuetype,project,reporter,assignee,created,updated';
  const pageTimes: number[] = [];
  let matches = 0;
  for (let round = 0; round < 3; round++) {
    let token: string | undefined;
    matches = 0;
    do {
      const path = `/rest/api/3/search/jql?jql=${sweep}&fields=${fields}&expand=changelog&maxResults=100${token ? `&nextPageToken=${encodeURIComponent(token)}` : ''}`;
      t0 = performance.now();
      const response = await get(path);
      if (round > 0) pageTimes.push(performance.now() - t0);
      const page = JSON.parse(response.body) as { issues: unknown[]; nextPageToken?: string };
      if (response.status !== 200) throw new Error(`search answered ${response.status}`);
      matches += page.issues.length;
      token = page.nextPageToken;
    } while (token);
  }

  // The frequent catch-up: pending issues updated in the last hour (ids only, no ORDER BY).
  const catchUp = encodeURIComponent(
    'project in (SUP) AND status in ("Pendente Informação do cliente") AND updated >= -60m',
  );
  const catchUpTimes: number[] = [];
  for (let i = 0; i < 200; i++) {
    t0 = performance.now();
    const response = await get(`/rest/api/3/search/jql?jql=${catchUp}`);
    if (response.status !== 200) throw new Error(`search answered ${response.status}`);
    if (i >= 20) catchUpTimes.push(performance.now() - t0);
  }
  await sandbox.close();
  return {
    issues,
    seedMs: round1(seedMs),
    heapMb: round1(heapMb),
    matches,
    httpPageMs: { ...summary(pageTimes), pages: pageTimes.length },
    httpCatchUpMs: { ...summary(catchUpTimes), requests: catchUpTimes.length },
  };
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = times.reduce((sum, t) => sum + t, 0) / Math.max(1, times.length);
  return { mean: round1(mean), p50: round1(at(0.5)), p95: round1(at(0.95)) };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--issues');
  const count = at > 0 ? Number(process.argv[at + 1]) : 100_000;
  const result = await benchSandboxSearch(count);
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const lines = [
      `issues in memory            ${result.issues.toLocaleString('en')} (seeded in ${result.seedMs} ms, heap ${result.heapMb} MB)`,
      `sweep pages (100, changelog) mean ${result.httpPageMs.mean} ms, p50 ${result.httpPageMs.p50} ms, p95 ${result.httpPageMs.p95} ms over ${result.httpPageMs.pages} pages (${result.matches} issues in validation)`,
      `catch-up query (ids only)   mean ${result.httpCatchUpMs.mean} ms, p50 ${result.httpCatchUpMs.p50} ms, p95 ${result.httpCatchUpMs.p95} ms`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
