/** Run through `node --experimental-vm-modules node_modules/jest/bin/jest.js` (see README): jest loads
 * the ESM-only execa and p-retry only with that flag. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The real-caption corpus lives outside the project (../shared/corpus): `npm run test:corpus` runs it.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/corpus/'],
  // lib's lazy `import('./x.js')` (ESM-style paths, as TypeScript's node16 resolution wants) resolve to the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
  testTimeout: 60000,
};
