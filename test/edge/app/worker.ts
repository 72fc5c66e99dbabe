// Cloudflare Workers (workerd): a module worker; GET /run?api=…&collector=…&service=… runs the scenario.
import { runScenario } from './scenario.js';

export default {
  async fetch(request: Request): Promise<Response> {
    const q = new URL(request.url).searchParams;
    try {
      const result = await runScenario({ apiUrl: q.get('api') ?? '', collectorUrl: q.get('collector') ?? '', service: q.get('service') ?? 'edge-app', batchId: q.get('batch') ?? '' });
      return Response.json(result);
    } catch (err) {
      return new Response(String((err as Error)?.stack ?? err), { status: 500 });
    }
  },
};
