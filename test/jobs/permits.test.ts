import { describe, expect, it } from '@jest/globals';
import { Permits } from '../../src/jobs/permits.ts';

/** Lets every settled promise's callbacks run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Permits', () => {
  it('holds back a batch until enough permits are free, and serves waiters in order', async () => {
    const permits = new Permits(4);
    const order: string[] = [];
    await permits.acquire(3);
    void permits.acquire(2).then(() => order.push('two'));
    void permits.acquire(1).then(() => order.push('one')); // fits now, but asked after "two"
    await flush();
    expect(order).toEqual([]);

    permits.release(1); // two free: enough for "two", and "one" may not jump the queue
    await flush();
    expect(order).toEqual(['two']);
    permits.release(1);
    await flush();
    expect(order).toEqual(['two', 'one']);
  });

  it('lets a batch larger than the capacity through once everything is free', async () => {
    const permits = new Permits(2);
    let through = false;
    await permits.acquire(1);
    void permits.acquire(10).then(() => (through = true));
    await flush();
    expect(through).toBe(false);
    permits.release(1);
    await flush();
    expect(through).toBe(true);
  });
});
