// Runs the fake Claude API in its own process, so its CPU time is not counted against the client.
import { startFakeApi } from '@claude-errors/testkit/fake-api';

const api = await startFakeApi();
process.stdout.write(api.url + '\n');
process.on('message', async (m) => {
  if (m === 'close') {
    await api.close();
    process.exit(0);
  }
});
