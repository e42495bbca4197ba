import express from 'express';
import { createAdminRouter, type AdminRouterOptions } from '../../src/admin/http/index.ts';
import type { AdminData } from '../../src/admin/admin-model.ts';
import { secretScrubber } from '../../src/domain/index.ts';
import { fixtureData, SECRET, TOKEN } from './fixture.ts';

/** An express app with only the admin router at /admin, as the service mounts it. */
export function adminApp(
  options: Partial<Omit<AdminRouterOptions, 'data'>> & { data?: AdminData } = {},
) {
  const app = express();
  app.use(
    '/admin',
    createAdminRouter({
      data: fixtureData(),
      token: TOKEN,
      scrubber: secretScrubber({ values: [SECRET, TOKEN] }),
      ...options,
    }),
  );
  return app;
}

export const bearer = { Authorization: `Bearer ${TOKEN}` };
