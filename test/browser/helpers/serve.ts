// The serve launcher lives in the testkit (@claude-errors/testkit/serve), shared with the cli tests.
export { CLI, REPO, startServe, type RunningServe } from '@claude-errors/testkit/serve';
