#!/usr/bin/env node
// Generates docs/catalog.md from schemas/catalog.json. Run `npm run gen:docs` after changing the
// catalog; `--check` exits 1 when the committed docs/catalog.md is stale (the test suite runs it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const CATALOG = 'schemas/catalog.json';
const OUT = 'docs/catalog.md';

const FAULT = {
  caller: 'caller (fix the request or the account)',
  provider: 'provider (Anthropic, Bedrock or Vertex side)',
  network: 'network (between the caller and the API)',
  environment: 'environment (runtime, configuration or credentials of the calling process)',
};
const PLATFORM = { first_party: 'Anthropic API', bedrock: 'Amazon Bedrock', vertex: 'Google Vertex AI' };
const SNIPPET_LANG = { ts: ['TypeScript', 'ts'], python: ['Python', 'python'] };

/** Text for a table cell: no line breaks, pipes escaped. */
const cell = (s) => String(s).replace(/(?<!\s)\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

/** A fenced block whose fence is longer than any backtick run inside the code. */
function fenced(lang, code) {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${code.replace(/(?<!\n)\n+$/, '')}\n${fence}`;
}

function entrySection(e) {
  const guide = e.guide
    ? 'a row of the error guide'
    : e.refines
      ? `refines the guide row [\`${e.refines}\`](#${e.refines})`
      : e.another_service
        ? "no row in the error guide: another service's error, which \`claude-errors analyze\` never reports"
        : 'no row in the error guide';
  const out = [`### \`${e.id}\``, '', `**${e.title}** (${guide})`, ''];
  if (e.shared_wording) {
    out.push("Shared wording: other providers' APIs print these words for their own failures too, so `claude-errors analyze` reports it only with evidence that the Claude API answered (its status 529, its own error types, its envelope or request id, Claude in the log event).", '');
  }
  out.push('| status | type | retryable | fault |' + (e.platform ? ' platform |' : ''));
  out.push('|---|---|---|---|' + (e.platform ? '---|' : ''));
  out.push(
    `| ${e.status ?? '— (no HTTP response)'} | \`${cell(e.error_type)}\` | ${e.retryable ? 'yes' : 'no'} | ${cell(FAULT[e.fault] ?? e.fault)} |` +
      (e.platform ? ` ${PLATFORM[e.platform] ?? e.platform} |` : ''),
  );
  out.push('', `**Cause.** ${e.cause}`, '', `**Fix.** ${e.fix}`);
  for (const [key, code] of Object.entries(e.snippets ?? {})) {
    const [name, lang] = SNIPPET_LANG[key] ?? [key, key];
    out.push('', `${name}:`, '', fenced(lang, code));
  }
  if (e.match?.cues?.length) {
    out.push('', '**Cues** (read when no pattern, error code or error type named a cause; each fires when one term of every family occurs within the window):', '');
    for (const c of e.match.cues) out.push(`- \`${c.name}\`: ${cueText(c)}`);
  }
  out.push('', '**References.**', '');
  for (const r of e.references) out.push(r.url ? `- [${r.title}](${r.url})` : `- ${r.title}`);
  return out.join('\n');
}

/** One cue as a line: its families (terms in code, `|` between), what keeps it silent, its window, statuses and platforms. */
function cueText(c) {
  const family = (terms) => terms.map((t) => `\`${t}\``).join(' \\| ');
  const parts = [c.all.map((f) => `{${family(f)}}`).join(' × ')];
  parts.push(`within ${c.window ?? 6} words`);
  if (c.none?.length) parts.push(`not with ${family(c.none)}`);
  if (c.statuses) parts.push(`only with status ${c.statuses.map((x) => x ?? 'none').join(', ')}`);
  if (c.platforms) parts.push(`only on ${c.platforms.join(', ')}`);
  return parts.join('; ');
}

/** The guide rows, each with the entries that refine it, then the entries the guide has no row for. */
function guideTree(entries) {
  const out = [];
  for (const g of entries.filter((e) => e.guide)) {
    out.push(`- [\`${g.id}\`](#${g.id}) ${cell(g.title)}`);
    for (const r of entries.filter((e) => e.refines === g.id)) out.push(`  - [\`${r.id}\`](#${r.id}) ${cell(r.title)}`);
  }
  const none = entries.filter((e) => !e.guide && !e.refines);
  out.push('- *No row in the guide*');
  for (const r of none) out.push(`  - [\`${r.id}\`](#${r.id}) ${cell(r.title)}`);
  return out;
}

export function renderCatalogDocs(catalog) {
  const entries = catalog.entries;
  const guideRows = entries.filter((e) => e.guide).length;
  const out = [
    '<!-- Generated from schemas/catalog.json by schemas/scripts/generate-catalog-docs.mjs. Do not edit; run `npm run gen:docs`. -->',
    '',
    '# Error catalog',
    '',
    `Every known cause of a Claude API error that claude-errors names, with its fix: ${entries.length} entries (catalog format version ${catalog.version}).`,
    'The classifier (`analyzer/src/processor/classify/`) maps each error to one of these ids; ids are stable and never renamed.',
    'Errors that match no entry are `unknown` and grouped by fingerprint (their message with ids, numbers and quoted values masked).',
    '',
    'The classifier reads the first 4 KiB of a message, exception and error type (`CLASSIFY_PREFIX_CHARS`, 4,096 characters); `claude-errors analyze` reads a text line up to the same length.',
    'A pattern runs in time linear in the text, whatever the text: `npm test` checks every pattern as the classifier compiles it (a space matches any run of whitespace, ` ?` none or some)',
    'with eslint-plugin-regexp (`test/security/redos-static.test.ts`) and on adversarial inputs of 100,000 characters (`test/security/redos.test.ts`).',
    'Two quantifiers next to each other must not be able to match the same characters: write `request (?:(?:entity|body) ?)?too large`, not `request (entity|body)? ?too large`.',
    '',
    '## How an error is classified',
    '',
    'Evidence is read most specific first, and a cause is named only on evidence of that cause:',
    '',
    "1. the API's `error.details.error_code` (`match.error_codes`), given or printed in the message;",
    '2. message patterns (`match.patterns`), highest `priority` first, where the status is one of `match.statuses`;',
    "3. the API error type (`overloaded_error`, `RESOURCE_EXHAUSTED`, …) or an AWS exception or a bare API error type named in the text (`ThrottlingException`, `not_found_error`);",
    "4. cues (`match.cues`): families of words from the entry's own vocabulary, a subject and a predicate (`api key` with `not set`, `connection` with `reset`), that occur within a few words of each other, for wordings no pattern was written for. A classification by a cue says so: `matched_by` is `cue` and `cue` names it. Cues are matched on words, without regular expressions, in time linear in the text;",
    '5. the platform and the status together (Bedrock 429: throttling), then the status alone;',
    '6. otherwise `unknown`, with a fingerprint.',
    '',
    '**Retryable**: whether sending the same request again can succeed. **Fault**: who has to act.',
    '',
    '## Guide rows and their refinements',
    '',
    `${guideRows} entries are the rows of the published Claude API error guide, under the ids it gives them. Every other entry names the guide row it is a narrower case of (\`refines\`), or none;`,
    'each classification carries both `catalog_id` and `guide_id`, and reports can group by either (`/api/v1/summary` → `by_guide`, `/api/v1/trends?by=guide_id`).',
    '',
    ...guideTree(entries),
    '',
    '## All entries',
    '',
    '| id | guide row | status | type | title | retryable |',
    '|---|---|---|---|---|---|',
    ...entries.map(
      (e) =>
        `| [\`${e.id}\`](#${e.id}) | ${e.guide ? 'itself' : e.refines ? `[\`${e.refines}\`](#${e.refines})` : '—'} | ${e.status ?? '—'} | \`${cell(e.error_type)}\` | ${cell(e.title)} | ${e.retryable ? 'yes' : 'no'} |`,
    ),
    '',
    ...entries.flatMap((e) => [entrySection(e), '']),
  ];
  return out.join('\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const catalog = JSON.parse(readFileSync(repo + CATALOG, 'utf8'));
  const md = renderCatalogDocs(catalog);
  const current = existsSync(repo + OUT) ? readFileSync(repo + OUT, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== md) {
      console.error(`stale: ${OUT} does not match ${CATALOG}; run npm run gen:docs`);
      process.exit(1);
    }
  } else if (current !== md) {
    writeFileSync(repo + OUT, md);
    console.log(`wrote ${OUT}`);
  }
}
