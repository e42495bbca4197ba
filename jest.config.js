// ts-jest in ESM mode: the package is "type": "module" and the sources import each other with
// ".ts" extensions, which Node 24 runs directly and tsc rewrites on build.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  // ts-jest emits the sources' ".ts" imports as ".js" (rewriteRelativeImportExtensions).
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/no-network.ts'],
  testTimeout: 20000,
  // The gate `npm test` enforces (it runs jest with --coverage). The sandbox has its own suite and
  // is not part of the service.
  collectCoverageFrom: ['src/**/*.ts', '!src/sandbox/**'],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: { global: { lines: 90, branches: 85 } },
};
