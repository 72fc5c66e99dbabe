// The analyzer's record fixtures live in the test kit (shared with the CLI's tests).
export { call, record, tempDir, useApi, useStores } from '@claude-errors/testkit/analyzer-fixtures/records';
