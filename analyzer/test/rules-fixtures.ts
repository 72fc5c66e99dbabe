// The rules fixtures live in the test kit (shared with the CLI's tests).
export * from '@claude-errors/testkit/analyzer-fixtures/rules';
