import { Socket } from 'node:net';
import { afterAll, beforeAll } from '@jest/globals';
import nock from 'nock';

/**
 * Tests never reach the network. Two guards, one per kind of test file:
 *
 * - By default, a guard on Socket#connect refuses any host but loopback (the sandbox Jira and the
 *   service under test listen on 127.0.0.1), failing like a refused connection. nock is switched
 *   off here: its interceptors sit under every loopback request too, slow each fetch POST by
 *   ~40 ms and, on a connection reset, emitted socket errors nobody listened to.
 * - Files that mock Jira with nock call `useNock()`: nock is active for that file, with real
 *   connections disabled except to loopback.
 */
const LOOPBACK = /^(127\.0\.0\.1|localhost|::1|\[::1\])$/;

nock.restore(); // importing nock activates it; this file decides when it is on

// Socket is shared by every test file of a worker: keep the real connect where all files find it,
// so that no file can mistake another file's guard for the real thing.
const PRISTINE = Symbol.for('jira-support-middleware.test.pristineConnect');
const holder = Socket as unknown as Record<symbol, typeof Socket.prototype.connect | undefined>;
holder[PRISTINE] ??= Socket.prototype.connect;
const realConnect = holder[PRISTINE]!;

beforeAll(() => {
  const original = realConnect;
  Socket.prototype.connect = function loopbackOnly(this: Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host !== undefined && !LOOPBACK.test(host)) {
      const error = new Error(`tests never reach the network: connection to ${host} refused`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return (original as unknown as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect;
});

afterAll(() => {
  Socket.prototype.connect = realConnect;
  nock.cleanAll();
  nock.restore();
});

/** For files that mock Jira's HTTP with nock: active for the file, loopback still allowed. */
export function useNock(): void {
  beforeAll(() => {
    // nock's own interceptors stand in for the socket guard in this file.
    Socket.prototype.connect = realConnect;
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));
  });
}

/** The host a Socket#connect call goes to (undefined for a local IPC path). */
function hostOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (Array.isArray(first)) return hostOf(first);
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; hostname?: string; port?: unknown; path?: string };
    const tcp =
      options.host !== undefined || options.hostname !== undefined || options.port !== undefined;
    if (!tcp && options.path !== undefined) return undefined;
    return options.host ?? options.hostname ?? 'localhost';
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return typeof second === 'string' ? second : 'localhost';
  }
  return undefined;
}
