/**
 * Issue 15: with 10,000 issues in validation the page pages over the cached snapshot (sorted once
 * per build). How fast it answers is measured by the benchmark (bench/admin.ts), not here.
 */
import { describe, expect, it } from '@jest/globals';
import { adminWorld } from './support.ts';

describe('the admin forecast with 10,000 issues in validation', () => {
  it('serves every later page from the cached snapshot, in closing order, with no Jira call', async () => {
    const w = adminWorld();
    const entered = Date.parse('2026-03-18T10:00:00-03:00');
    for (let n = 1; n <= 10_000; n++) {
      // One a minute backwards: closing moments spread over several days, in reverse key order.
      w.put(n, new Date(entered - n * 60_000).toISOString());
    }
    const first = await w.admin.forecast(1);
    expect(first.paging).toEqual({ page: 1, pageSize: 50, total: 10_000, pages: 200 });
    const calls = w.jira.calls.length;

    const pages = [];
    for (let page = 1; page <= 200; page++) pages.push(await w.admin.forecast(page));

    expect(pages.every((p) => p.cached)).toBe(true);
    expect(w.jira.calls.length).toBe(calls);
    const order = pages.flatMap((p) => p.rows.map((r) => Date.parse(r.closesAt!)));
    expect(order).toHaveLength(10_000);
    expect(order.every((ms, i) => i === 0 || order[i - 1]! <= ms)).toBe(true);
  }, 60_000);
});
