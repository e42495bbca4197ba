import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { readTenantCloudId } from '../../src/jira/tenant-info.ts';
import { useNock } from '../setup/no-network.ts';

useNock();

const SITE = 'https://clinica.atlassian.net';

afterEach(() => {
  nock.cleanAll();
});

describe("a site's cloud id (/_edge/tenant_info)", () => {
  it('is the cloudId of the answer, read without credentials', async () => {
    const scope = nock(SITE, { badheaders: ['authorization'] })
      .get('/_edge/tenant_info')
      .reply(200, { cloudId: '1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081' });
    await expect(readTenantCloudId(`${SITE}/`)).resolves.toBe(
      '1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081',
    );
    expect(scope.isDone()).toBe(true);
  });

  it('is an error when the site answers otherwise', async () => {
    nock(SITE).get('/_edge/tenant_info').reply(404, 'not found');
    await expect(readTenantCloudId(SITE)).rejects.toThrow('GET /_edge/tenant_info failed: 404');
    nock(SITE).get('/_edge/tenant_info').reply(200, { other: true });
    await expect(readTenantCloudId(SITE)).rejects.toThrow('without a cloudId');
  });
});
