import { CeError } from '@claude-errors/schemas';
import { parseDuration } from '@claude-errors/analyzer/rules';
import { parseBrokerList } from '@claude-errors/collector/kafka';
import { LOG_FORMATS } from './log-format.js';
import { withoutTrailingSlashes } from './url.js';

/**
 * Every service flag, its environment variable, default and meaning: the one table the CLI
 * parses, validates, prints in --help, and docs/configuration.md is generated from.
 */
export interface OptionSpec {
  flag: string;
  env: string;
  /** `count`: an integer from 0; `integer`: from 1. */
  type: 'port' | 'string' | 'integer' | 'count' | 'duration';
  /** For `integer` and `count`: the largest value taken (threads and processes: a typo must not start thousands). */
  max?: number;
  default?: string;
  meaning: string;
  secret?: boolean;
}

export const SERVICE_OPTIONS: OptionSpec[] = [
  { flag: 'otlp-port', env: 'CE_OTLP_PORT', type: 'port', default: '4318', meaning: 'Collector OTLP/HTTP port (POST /v1/traces, /v1/logs).' },
  { flag: 'port', env: 'CE_PORT', type: 'port', default: '4320', meaning: 'Analyzer API and dashboard port.' },
  { flag: 'host', env: 'CE_HOST', type: 'string', default: '127.0.0.1', meaning: 'Address to bind both servers to; 0.0.0.0 to expose.' },
  { flag: 'data', env: 'CE_DATA', type: 'string', default: './data', meaning: 'Folder of the DuckDB file (claude-errors.duckdb).' },
  { flag: 'kafka', env: 'CE_KAFKA', type: 'string', meaning: 'Comma-separated Kafka brokers. Absent: embedded mode (no Kafka).' },
  { flag: 'topic', env: 'CE_TOPIC', type: 'string', default: 'claude-errors.spans', meaning: 'Kafka topic the collector produces to and the analyzer consumes.' },
  { flag: 'partitions', env: 'CE_PARTITIONS', type: 'integer', default: '3', meaning: 'Partitions of the topic when the collector creates it.' },
  { flag: 'kafka-lanes', env: 'CE_KAFKA_LANES', type: 'integer', default: '1', meaning: "Collector: Kafka sends in flight at once, one per idempotent producer, each owning a share of the topic's partitions (at most one per partition; docs/kafka.md)." },
  { flag: 'kafka-compression', env: 'CE_KAFKA_COMPRESSION', type: 'string', default: 'zstd', meaning: 'Collector: codec of the Kafka messages: `zstd` (least CPU, smallest; every Kafka client reads it), `gzip` (for consumers without zstd) or `none` (docs/kafka.md).' },
  { flag: 'decode-threads', env: 'CE_DECODE_THREADS', type: 'count', max: 64, default: '1', meaning: 'Collector with --kafka: worker threads that decompress, decode, map, redact and encode OTLP requests off the event loop; 0 does it all on the event loop, the least CPU per span (docs/collector.md).' },
  { flag: 'collector-processes', env: 'CE_COLLECTOR_PROCESSES', type: 'integer', max: 64, default: '1', meaning: '`collector` only: OTLP receiver processes sharing the port (node:cluster), each with its own Kafka producers; 2 uses both cores of a 2-core machine at about twice the memory (docs/benchmarks.md).' },
  { flag: 'group', env: 'CE_GROUP', type: 'string', default: 'claude-errors-analyzer', meaning: 'Kafka consumer group of the analyzer.' },
  { flag: 'ingest-token', env: 'CE_INGEST_TOKEN', type: 'string', secret: true, meaning: 'If set, OTLP requests need `Authorization: Bearer <token>`.' },
  { flag: 'api-token', env: 'CE_API_TOKEN', type: 'string', secret: true, meaning: 'If set, the API, live stream and dashboard data need `Authorization: Bearer <token>`.' },
  { flag: 'metrics-auth', env: 'CE_METRICS_AUTH', type: 'string', default: 'token', meaning: "With --api-token: `token` (the analyzer's GET /metrics needs it too) or `none` (scrapers need no token; counts only, never record content)." },
  { flag: 'allowed-hosts', env: 'CE_ALLOWED_HOSTS', type: 'string', meaning: 'Comma-separated extra Host names the analyzer answers to when bound to loopback without --api-token (besides the bound address, localhost, 127.0.0.1, [::1]); a guard against DNS rebinding.' },
  { flag: 'rules', env: 'CE_RULES', type: 'string', meaning: 'Alert rules YAML file (reloaded on change). Absent: shipped defaults.' },
  { flag: 'max-body-bytes', env: 'CE_MAX_BODY_BYTES', type: 'integer', default: '16777216', meaning: 'Largest OTLP body accepted, before and after decompression (413 above).' },
  { flag: 'queue-records', env: 'CE_QUEUE_RECORDS', type: 'integer', default: '200000', meaning: 'Embedded mode: records waiting for storage before the collector answers 429.' },
  { flag: 'max-clock-skew', env: 'CE_MAX_CLOCK_SKEW', type: 'duration', default: '5m', meaning: 'How far after its arrival a span or log may be dated; a later time is replaced by the arrival time and flagged (docs/collector.md).' },
  { flag: 'status-feed', env: 'CE_STATUS_FEED', type: 'string', default: 'https://status.claude.com/api/v2/incidents.json', meaning: 'Statuspage v2 JSON feed of provider incidents, polled politely (ETag); `off` to disable. Unreachable: reports go on without it.' },
  { flag: 'status-feed-interval', env: 'CE_STATUS_FEED_INTERVAL', type: 'duration', default: '2m', meaning: 'Time between two polls of --status-feed.' },
  { flag: 'public-otlp-url', env: 'CE_PUBLIC_OTLP_URL', type: 'string', meaning: "The collector's OTLP/HTTP base URL as applications reach it (a proxy, another host, or `analyzer` alone in Kafka mode); the dashboard's connect panel and `doctor` use it. Absent: the collector `serve` runs." },
  { flag: 'log-level', env: 'CE_LOG_LEVEL', type: 'string', default: 'info', meaning: 'pino log level: fatal, error, warn, info, debug, trace, silent.' },
  { flag: 'log-format', env: 'CE_LOG_FORMAT', type: 'string', default: 'auto', meaning: 'Logs on stderr: `pretty` (one readable line each), `json` (pino lines), `auto` (pretty on a terminal, JSON when piped).' },
];

const KAFKA_CODECS = ['gzip', 'zstd', 'none'] as const;

export type ServiceConfig = {
  otlpPort: number;
  port: number;
  host: string;
  data: string;
  kafka: string[] | undefined;
  topic: string;
  partitions: number;
  kafkaLanes: number;
  kafkaCompression: (typeof KAFKA_CODECS)[number];
  decodeThreads: number;
  collectorProcesses: number;
  group: string;
  ingestToken: string | undefined;
  apiToken: string | undefined;
  /** 'none': the analyzer's /metrics needs no token. */
  metricsAuth: 'token' | 'none';
  allowedHosts: string[];
  rules: string | undefined;
  maxBodyBytes: number;
  queueRecords: number;
  maxClockSkewMs: number;
  /** null: off. */
  statusFeed: string | null;
  statusFeedIntervalMs: number;
  logLevel: string;
  logFormat: string;
  publicOtlpUrl: string | undefined;
};

function configError(message: string): CeError {
  return new CeError('CE_ERR_CONFIG_INVALID', message);
}

/** Parses `--flag value` / `--flag=value` with env fallbacks; unknown flags are errors. */
export function parseServiceConfig(argv: string[], env: NodeJS.ProcessEnv = process.env, specs = SERVICE_OPTIONS): ServiceConfig {
  const raw = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw configError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = specs.find((s) => s.flag === name);
    if (!spec) throw configError(`unknown option --${name} (see --help)`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw configError(`option --${name} needs a value`);
    raw.set(name, value);
  }
  const get = (flag: string): string | undefined => {
    const spec = specs.find((s) => s.flag === flag)!;
    return raw.get(flag) ?? (env[spec.env] !== undefined && env[spec.env] !== '' ? env[spec.env] : undefined) ?? spec.default;
  };
  const value = (flag: string): string | number | undefined => {
    const spec = specs.find((s) => s.flag === flag)!;
    const v = get(flag);
    if (v === undefined) return undefined;
    const from = raw.has(flag) ? `--${flag}` : `${spec.env}`;
    if (spec.type === 'port' || spec.type === 'integer' || spec.type === 'count') {
      const n = Number(v);
      const max = spec.type === 'port' ? 65535 : (spec.max ?? Number.MAX_SAFE_INTEGER);
      if (!/^\d+$/.test(v) || n > max || (spec.type === 'integer' && n < 1)) {
        const upTo = spec.max !== undefined ? ` up to ${spec.max}` : '';
        const what = spec.type === 'port' ? 'port (0-65535)' : spec.type === 'count' ? `whole number (0 or more${upTo})` : `positive integer${upTo === '' ? '' : ` (${upTo.trim()})`}`;
        throw configError(`${from}: '${v}' is not a valid ${what}`);
      }
      return n;
    }
    if (spec.type === 'duration') {
      const ms = parseDuration(v);
      if (ms === undefined) throw configError(`${from}: '${v}' is not a duration (e.g. 30s, 5m, 1h)`);
      return ms;
    }
    return v;
  };
  const kafka = value('kafka') as string | undefined;
  const brokers = kafka === undefined ? undefined : parseBrokerList(kafka);
  if (kafka !== undefined && brokers === undefined) throw configError(`--kafka: '${kafka}' is not a list of host:port brokers`);
  const statusFeed = value('status-feed') as string;
  if (statusFeed !== 'off' && !/^https?:\/\/[^\s/@]+(\/\S*)?$/.test(statusFeed)) {
    throw configError(`${raw.has('status-feed') ? '--status-feed' : 'CE_STATUS_FEED'}: '${statusFeed}' is neither an http(s) URL without user info nor 'off'`);
  }
  const metricsAuth = value('metrics-auth') as string;
  if (metricsAuth !== 'token' && metricsAuth !== 'none') throw configError(`${raw.has('metrics-auth') ? '--metrics-auth' : 'CE_METRICS_AUTH'}: '${metricsAuth}' is neither 'token' nor 'none'`);
  const allowedHosts = ((value('allowed-hosts') as string | undefined) ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const badHost = allowedHosts.find((h) => !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/.test(h));
  if (badHost !== undefined) throw configError(`${raw.has('allowed-hosts') ? '--allowed-hosts' : 'CE_ALLOWED_HOSTS'}: '${badHost}' is not a host name (no port, no scheme)`);
  const logLevel = value('log-level') as string;
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) throw configError(`--log-level: '${logLevel}' is not a pino level`);
  const publicOtlpText = value('public-otlp-url') as string | undefined;
  const publicOtlpUrl = publicOtlpText === undefined ? undefined : withoutTrailingSlashes(publicOtlpText).replace(/\/v1\/traces$/, '');
  if (publicOtlpUrl !== undefined && !/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicOtlpUrl)) {
    throw configError(`${raw.has('public-otlp-url') ? '--public-otlp-url' : 'CE_PUBLIC_OTLP_URL'}: '${publicOtlpUrl}' is not an http(s) base URL like http://collector.internal:4318`);
  }
  const kafkaCompression = value('kafka-compression') as string;
  if (!(KAFKA_CODECS as readonly string[]).includes(kafkaCompression)) {
    throw configError(`${raw.has('kafka-compression') ? '--kafka-compression' : 'CE_KAFKA_COMPRESSION'}: '${kafkaCompression}' is not one of ${KAFKA_CODECS.join(', ')}`);
  }
  const logFormat = value('log-format') as string;
  if (!(LOG_FORMATS as readonly string[]).includes(logFormat)) throw configError(`${raw.has('log-format') ? '--log-format' : 'CE_LOG_FORMAT'}: '${logFormat}' is not one of ${LOG_FORMATS.join(', ')}`);
  return {
    otlpPort: value('otlp-port') as number,
    port: value('port') as number,
    host: value('host') as string,
    data: value('data') as string,
    kafka: brokers,
    topic: value('topic') as string,
    partitions: value('partitions') as number,
    kafkaLanes: value('kafka-lanes') as number,
    kafkaCompression: kafkaCompression as ServiceConfig['kafkaCompression'],
    decodeThreads: value('decode-threads') as number,
    collectorProcesses: Math.max(1, value('collector-processes') as number),
    group: value('group') as string,
    ingestToken: value('ingest-token') as string | undefined,
    apiToken: value('api-token') as string | undefined,
    metricsAuth,
    allowedHosts,
    rules: value('rules') as string | undefined,
    maxBodyBytes: value('max-body-bytes') as number,
    queueRecords: value('queue-records') as number,
    maxClockSkewMs: value('max-clock-skew') as number,
    statusFeed: statusFeed === 'off' ? null : statusFeed,
    statusFeedIntervalMs: value('status-feed-interval') as number,
    logLevel,
    logFormat,
    publicOtlpUrl,
  };
}

export function optionsUsage(specs = SERVICE_OPTIONS): string {
  return specs.map((s) => `  --${s.flag.padEnd(16)} ${s.env.padEnd(18)} ${(s.default ?? '').padEnd(20)} ${s.meaning}`).join('\n');
}
