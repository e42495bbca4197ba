import { describe, expect, it } from '@jest/globals';

describe('the test setup', () => {
  it('refuses connections to anything but loopback', async () => {
    const error = await fetch('http://example.com/').then(
      () => undefined,
      (e: unknown) => e as Error & { cause?: Error },
    );
    expect(error).toBeDefined();
    const cause = error?.cause;
    expect(String(cause?.message ?? error)).toMatch(
      /tests never reach the network|ENOTFOUND|EAI_AGAIN/,
    );
  });
});
