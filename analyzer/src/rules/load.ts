import { readFile } from 'node:fs/promises';
import { parseDuration, recordSchema, type RulesFile, type RulesFileNotifier, type RulesFileRule } from '@claude-errors/schemas';
import { headerNameProblem, headerValueProblem, timeoutProblem, urlProblem } from './check-notifier.js';
import { defaultRulesFile } from './defaults.js';
import { RulesInvalidError, rulesUnreadable, type RulesProblem } from './errors.js';
import type { NotifierConfig, Rule, RuleMatch, RulesConfig } from './types.js';
import { located, parseRulesYaml, schemaProblems, type Locate, type PathSegment } from './validate.js';

const DEFAULT_REORDER_WINDOW_MS = 5_000;
const DEFAULT_MAX_GROUPS = 10_000;
const DEFAULT_REPEAT_INTERVAL_MS = 4 * 3_600_000;
const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_ATTEMPTS = 8;

/** Reads, validates and normalizes a rules file; throws RulesInvalidError listing every problem. */
export async function loadRulesFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<RulesConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw rulesUnreadable(file, err);
  }
  return parseRulesText(text, file, env);
}

/** Validates YAML text; `source` names the file in messages. */
export function parseRulesText(text: string, source: string, env: NodeJS.ProcessEnv = process.env): RulesConfig {
  const { value, locate, problems } = parseRulesYaml(text);
  if (problems.length) throw new RulesInvalidError(source, problems);
  return checkAndNormalize(value, source, locate, env);
}

/** The shipped default rules, normalized. */
export function defaultRules(): RulesConfig {
  return checkAndNormalize(defaultRulesFile, '(defaults)', () => undefined, process.env);
}

function checkAndNormalize(value: unknown, source: string, locate: Locate, env: NodeJS.ProcessEnv): RulesConfig {
  const problems = schemaProblems(value, locate);
  if (problems.length) throw new RulesInvalidError(source, problems);
  const file = value as RulesFile;
  const notifiers = (file.notifiers ?? []).map((n, i) => normalizeNotifier(n, ['notifiers', i], locate, env, problems));
  problems.push(...duplicates(file.rules.map((r) => r.name), 'rules', 'rule', locate));
  problems.push(...duplicates(notifiers.map((n) => n.name), 'notifiers', 'notifier', locate));
  const rules = file.rules.map((r, i) => normalizeRule(r, ['rules', i], new Set(notifiers.map((n) => n.name)), locate, problems));
  if (problems.length) throw new RulesInvalidError(source, problems);
  return {
    source,
    rules,
    notifiers,
    reorderWindowMs: ms(file.settings?.reorder_window) ?? DEFAULT_REORDER_WINDOW_MS,
    maxGroupsPerRule: file.settings?.max_groups_per_rule ?? DEFAULT_MAX_GROUPS,
  };
}

function normalizeRule(r: RulesFileRule, at: PathSegment[], notifierNames: Set<string>, locate: Locate, problems: RulesProblem[]): Rule {
  const groupBy = r.group_by ?? [];
  groupBy.forEach((field, i) => {
    if (!(field in recordSchema.properties)) {
      problems.push(located([...at, 'group_by', i], false, `'${field}' is not a record field (see schemas/record.schema.json)`, locate));
    }
  });
  (r.notifiers ?? []).forEach((name, i) => {
    if (!notifierNames.has(name)) problems.push(located([...at, 'notifiers', i], false, `no notifier named '${name}'`, locate));
  });
  const resolve: Rule['resolve'] =
    r.resolve?.successes !== undefined
      ? { successes: r.resolve.successes }
      : r.resolve?.quiet_for !== undefined
        ? { quietForMs: ms(r.resolve.quiet_for) ?? 0 }
        : r.kind === 'streak' || r.kind === 'headroom'
          ? { successes: 1 }
          : { condition: true };
  return {
    name: r.name,
    kind: r.kind,
    match: normalizeMatch(r.match ?? {}),
    level: r.level ?? 'call',
    threshold: r.threshold,
    windowMs: ms(r.window) ?? 0,
    minTotal: r.min_total ?? (r.kind === 'rate' ? 1 : 0),
    headroom:
      r.kind === 'headroom'
        ? { below: r.below ?? 0.2, above: r.above ?? Math.min(1, 2 * (r.below ?? 0.2)), limits: r.limits ?? ['requests', 'tokens', 'input_tokens', 'output_tokens'] }
        : undefined,
    groupBy,
    resolve,
    forMs: ms(r.for) ?? 0,
    keepFiringForMs: ms(r.keep_firing_for) ?? 0,
    severity: r.severity ?? 'warning',
    summary: r.summary,
    labels: definedEntries(r.labels),
    notifiers: r.notifiers,
  };
}

function normalizeMatch(m: NonNullable<RulesFileRule['match']>): RuleMatch {
  const out: RuleMatch = {};
  if (m.status !== undefined) out.status = Array.isArray(m.status) ? [...m.status] : [m.status];
  if (m.error_type !== undefined) out.error_type = Array.isArray(m.error_type) ? [...m.error_type] : [m.error_type];
  if (m.catalog_id !== undefined) out.catalog_id = Array.isArray(m.catalog_id) ? [...m.catalog_id] : [m.catalog_id];
  return out;
}

function normalizeNotifier(
  n: RulesFileNotifier,
  at: PathSegment[],
  locate: Locate,
  env: NodeJS.ProcessEnv,
  problems: RulesProblem[],
): NotifierConfig {
  const expand = (text: string, path: PathSegment[]): string =>
    text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) problems.push(located(path, false, `environment variable ${name} is not set`, locate));
      return v ?? '';
    });
  const check = (problem: string | undefined, path: PathSegment[], key = false): void => {
    if (problem) problems.push(located(path, key, problem, locate));
  };
  const url = expand(n.url, [...at, 'url']);
  check(urlProblem(url), [...at, 'url']);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(definedEntries(n.headers))) {
    const value = expand(v, [...at, 'headers', k]);
    headers[k] = value;
    check(headerNameProblem(k), [...at, 'headers', k], true);
    check(headerValueProblem(value), [...at, 'headers', k]);
  }
  const timeoutMs = ms(n.timeout) ?? DEFAULT_TIMEOUT_MS;
  check(timeoutProblem(timeoutMs), [...at, 'timeout']);
  return {
    name: n.name,
    url,
    format: n.format ?? 'alertmanager',
    headers,
    repeatIntervalMs: ms(n.repeat_interval) ?? DEFAULT_REPEAT_INTERVAL_MS,
    ...grouping(n),
    timeoutMs,
    maxAttempts: n.max_attempts ?? DEFAULT_MAX_ATTEMPTS,
  };
}

/** Grouping settings: off unless group_by or group_wait is given (alertname is always part of the key). */
function grouping(n: RulesFileNotifier): Pick<NotifierConfig, 'groupBy' | 'groupWaitMs' | 'groupIntervalMs'> {
  const wait = ms(n.group_wait);
  if (n.group_by === undefined && (wait === undefined || wait === 0)) return { groupBy: null, groupWaitMs: 0, groupIntervalMs: 0 };
  const by = ['alertname', ...(n.group_by ?? []).filter((l) => l !== 'alertname')];
  return { groupBy: by, groupWaitMs: wait ?? 30_000, groupIntervalMs: ms(n.group_interval) ?? 300_000 };
}

function duplicates(names: string[], list: string, what: string, locate: Locate): RulesProblem[] {
  const seen = new Set<string>();
  const out: RulesProblem[] = [];
  names.forEach((name, i) => {
    if (seen.has(name)) out.push(located([list, i, 'name'], false, `duplicate ${what} name '${name}'`, locate));
    seen.add(name);
  });
  return out;
}

function ms(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseDuration(text);
}

function definedEntries(obj: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj ?? {})) if (v !== undefined) out[k] = v;
  return out;
}
