// Vercel's Edge Runtime: a service-worker style fetch listener, as the edge-runtime package runs it.
import { runScenario } from './scenario.js';

interface FetchEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}

addEventListener('fetch', (event) => {
  const e = event as unknown as FetchEvent;
  const q = new URL(e.request.url).searchParams;
  e.respondWith(
    runScenario({ apiUrl: q.get('api') ?? '', collectorUrl: q.get('collector') ?? '', service: q.get('service') ?? 'edge-app', batchId: q.get('batch') ?? '' }).then(
      (result) => Response.json(result),
      (err: unknown) => new Response(String((err as Error)?.stack ?? err), { status: 500 }),
    ),
  );
});
