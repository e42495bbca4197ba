import { describe, expect, it } from '@jest/globals';
import { DeliveryDedupe } from '../../src/webhooks/index.ts';

const HOUR = 60 * 60_000;

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('the delivery dedupe cache', () => {
  it('lets the first claim through and reports the state to later claims', () => {
    const cache = new DeliveryDedupe();
    expect(cache.claim('d-1')).toBeUndefined();
    expect(cache.claim('d-1')).toBe('in-progress');
    cache.complete('d-1');
    expect(cache.claim('d-1')).toBe('done');
    expect(cache.size).toBe(1);
  });

  it('forgets an identifier so that a retry is processed again', () => {
    const cache = new DeliveryDedupe();
    cache.claim('d-1');
    cache.forget('d-1');
    expect(cache.state('d-1')).toBeUndefined();
    expect(cache.claim('d-1')).toBeUndefined();
  });

  it('remembers identifiers for an hour by default, then lets them through again', () => {
    const time = clock();
    const cache = new DeliveryDedupe({ now: time.now });
    expect(cache.ttlMs).toBe(HOUR);
    cache.claim('d-1');
    cache.complete('d-1');
    time.advance(HOUR - 1);
    expect(cache.state('d-1')).toBe('done');
    time.advance(1);
    expect(cache.state('d-1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('counts the TTL from the last change, so a long processing is still remembered', () => {
    const time = clock();
    const cache = new DeliveryDedupe({ now: time.now, ttlMs: 1000 });
    cache.claim('slow');
    cache.claim('other');
    time.advance(900);
    cache.complete('slow');
    time.advance(200);
    expect(cache.state('other')).toBeUndefined();
    expect(cache.state('slow')).toBe('done');
  });

  it('keeps at most maxEntries, evicting the oldest first', () => {
    const cache = new DeliveryDedupe({ maxEntries: 3 });
    expect(new DeliveryDedupe().maxEntries).toBe(100_000);
    for (const id of ['a', 'b', 'c', 'd']) cache.claim(id);
    expect(cache.size).toBe(3);
    expect(cache.state('a')).toBeUndefined();
    expect(cache.state('d')).toBe('in-progress');
  });

  it('refuses settings that would make it unbounded or useless', () => {
    expect(() => new DeliveryDedupe({ ttlMs: 0 })).toThrow(RangeError);
    expect(() => new DeliveryDedupe({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new DeliveryDedupe({ maxEntries: Infinity })).toThrow(RangeError);
  });
});
