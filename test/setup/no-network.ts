import { afterAll } from '@jest/globals';
import nock from 'nock';

// Tests never reach the network: anything but loopback fails loudly (the sandbox Jira and the
// service under test listen on 127.0.0.1).
if (!nock.isActive()) nock.activate();
nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));

// Each test file loads its own nock, but fetch is patched process-wide: un-patch after each file
// so that the next file's nock (and its interceptors) is the one fetch talks to.
afterAll(() => {
  nock.cleanAll();
  nock.restore();
});
