/**
 * Self-telemetry counters, rendered in the Prometheus text format at /metrics. Counted per
 * request or batch, never per record log line. Retried work is not counted as refused twice:
 * a refusal is counted once per request that was answered with an error.
 */
export class Counters {
  private readonly values = new Map<string, number>();
  private readonly help = new Map<string, string>();

  constructor(private readonly defs: Record<string, string>) {
    for (const [name, help] of Object.entries(defs)) {
      this.help.set(name, help);
      this.values.set(name, 0);
    }
  }

  add(name: string, n = 1, labels?: Record<string, string>): void {
    const key = labels ? `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}` : name;
    this.values.set(key, (this.values.get(key) ?? 0) + n);
  }

  get(name: string): number {
    return this.values.get(name) ?? 0;
  }

  render(gauges: Record<string, number> = {}): string {
    const lines: string[] = [];
    for (const [name, help] of this.help) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [key, v] of this.values) if (key === name || key.startsWith(`${name}{`)) lines.push(`${key} ${v}`);
    }
    for (const [name, v] of Object.entries(gauges)) lines.push(`# TYPE ${name} gauge`, `${name} ${v}`);
    return lines.join('\n') + '\n';
  }
}
