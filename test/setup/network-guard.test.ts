import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from '@jest/globals';

/**
 * The guard in test/setup/no-network.ts must refuse a non-loopback connection itself, before any
 * packet: these tests accept only its own error. The target is an IP literal of TEST-NET-2
 * (RFC 5737), so no DNS is involved. As a second net under the guard, every socket binds its
 * source to 127.0.0.1: without the guard the kernel refuses to route from loopback to that address
 * (EINVAL) and nothing leaves the machine, so the tests then fail at once, on the wrong error.
 */
const OFF_MACHINE = '198.51.100.1';
const GUARD_ERROR = `tests never reach the network: connection to ${OFF_MACHINE} refused`;

/** How a connection attempt ended: connected, or the error it failed with. */
function outcome(start: (settle: (result: string) => void) => void): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('no answer within 1 s'), 1_000);
    start((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}

describe('the test setup', () => {
  it('refuses a raw socket to a non-loopback address with its own error', async () => {
    const result = await outcome((settle) => {
      const socket = connect({ host: OFF_MACHINE, port: 9, localAddress: '127.0.0.1' });
      socket.on('connect', () => {
        socket.destroy();
        settle('connected');
      });
      socket.on('error', (error) => settle(error.message));
    });
    expect(result).toBe(GUARD_ERROR);
  }, 3_000);

  it('refuses an HTTP request to a non-loopback address with its own error', async () => {
    const result = await outcome((settle) => {
      const req = request({
        host: OFF_MACHINE,
        port: 9,
        path: '/',
        localAddress: '127.0.0.1',
        agent: false,
      });
      req.on('response', (res) => {
        res.resume();
        settle(`answered ${res.statusCode}`);
      });
      req.on('error', (error) => settle(error.message));
      req.end();
    });
    expect(result).toBe(GUARD_ERROR);
  }, 3_000);

  it('lets loopback through', async () => {
    const result = await outcome((settle) => {
      // Nothing listens on port 9 of loopback: refused by the kernel, not by the guard.
      const socket = connect({ host: '127.0.0.1', port: 9 });
      socket.on('connect', () => {
        socket.destroy();
        settle('connected');
      });
      socket.on('error', (error) => settle((error as NodeJS.ErrnoException).code ?? error.message));
    });
    expect(result).not.toBe(GUARD_ERROR);
    expect(['ECONNREFUSED', 'connected']).toContain(result);
  }, 3_000);
});
