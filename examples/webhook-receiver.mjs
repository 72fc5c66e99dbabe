#!/usr/bin/env node
// A webhook receiver for trying alert notifications locally: prints one line per notification it
// receives (status, alert name, labels) and answers 200. Node built-ins only.
//   node examples/webhook-receiver.mjs [port]        (default 9000; listens on 127.0.0.1)
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 9000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`webhook-receiver: '${process.argv[2]}' is not a port (0-65535)`);
  process.exit(2);
}

function describe(body) {
  // Alertmanager format (version "4"), else the plain JSON format, else Slack's text.
  if (Array.isArray(body.alerts)) {
    return body.alerts.map((a) => `${a.status} ${a.labels?.alertname ?? '?'} ${JSON.stringify(a.labels ?? {})}`).join('\n');
  }
  if (body.rule) return `${body.status} ${body.rule} ${JSON.stringify(body.labels ?? {})}`;
  return String(body.text ?? JSON.stringify(body));
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    let line;
    try {
      line = describe(JSON.parse(raw));
    } catch {
      line = `(not JSON) ${raw.slice(0, 200)}`;
    }
    console.log(`${new Date().toISOString()} ${req.method} ${req.url} ${line}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
  });
}).listen(port, '127.0.0.1', function () {
  console.log(`webhook receiver listening on http://127.0.0.1:${this.address().port}/hook`);
});
