import { defineConfig } from 'vite';
import { fixtureApi } from './dev/fixture-api.js';

// Static build into dist/, which the analyzer serves at `/`. Relative asset paths so the page also
// works behind a path prefix. In `vite dev`, /api is proxied to a running analyzer when
// CLAUDE_ERRORS_API is set (e.g. http://127.0.0.1:4319), otherwise answered from a small fixture.
// No source maps in the build: the analyzer serves dist/ as is, and would publish the sources.
const api = process.env['CLAUDE_ERRORS_API'];

export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: api ? { proxy: { '/api': { target: api, changeOrigin: true } } } : {},
  plugins: api ? [] : [fixtureApi()],
});
