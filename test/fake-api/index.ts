// The fake Claude API is its own package (fake-api/, @claude-errors/fake-api) because the shipped
// `claude-errors demo` runs it too; the test kit re-exports it so tests keep one import path.
export * from '@claude-errors/fake-api';
