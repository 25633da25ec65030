/** `npm run test:corpus`: the transcript pipeline over the real caption files in ../shared/corpus/captions. */
const base = require('./jest.config');

module.exports = { ...base, testPathIgnorePatterns: ['/node_modules/'], roots: ['<rootDir>/test/corpus'] };
