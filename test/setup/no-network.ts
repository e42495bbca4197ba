import nock from 'nock';

// Tests never reach the network: anything but loopback fails loudly (the sandbox Jira and the
// service under test listen on 127.0.0.1).
nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));
