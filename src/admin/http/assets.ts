/**
 * The page's CSS and JS, real files under src/admin/http/assets/. Run from src (strip-types) they
 * sit beside this module; run from dist/ (tsconfig.build.json emits only .js) they are read from
 * the src/ tree next to dist/, the way config/sandbox.yaml is found relative to the module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Asset {
  type: string;
  body: string;
}

const CANDIDATES = ['./assets/', '../../../src/admin/http/assets/'];

export function assetsDirectory(moduleUrl: string = import.meta.url): string {
  for (const candidate of CANDIDATES) {
    const dir = fileURLToPath(new URL(candidate, moduleUrl));
    if (existsSync(`${dir}admin.css`)) return dir;
  }
  throw new Error(`admin page assets not found beside ${fileURLToPath(moduleUrl)}`);
}

/** Read once at start: a missing file fails the start, not a page view. */
export function loadAssets(dir: string = assetsDirectory()): Map<string, Asset> {
  return new Map([
    [
      'admin.css',
      { type: 'text/css; charset=utf-8', body: readFileSync(`${dir}admin.css`, 'utf8') },
    ],
    [
      'admin.js',
      { type: 'text/javascript; charset=utf-8', body: readFileSync(`${dir}admin.js`, 'utf8') },
    ],
  ]);
}
