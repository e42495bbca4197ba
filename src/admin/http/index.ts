export { createAdminRouter, type AdminRouterOptions } from './router.ts';
export { CONTENT_SECURITY_POLICY } from './headers.ts';
