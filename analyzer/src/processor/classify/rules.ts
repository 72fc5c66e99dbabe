import { errorCatalog, type CatalogEntry } from '@claude-errors/schemas';
import { anchorsOfPatterns } from './anchors.js';
import { WordGate } from './word-gate.js';

/** One compiled message rule: an entry, its priority, the statuses it applies to, one regex. */
export interface CompiledRule {
  entry: CatalogEntry;
  priority: number;
  /** undefined = any status; otherwise the set, where `null` means "no HTTP status known". */
  statuses: ReadonlySet<number | null> | undefined;
  regex: RegExp;
  /** Lowercase words every match contains at a word start; null = always test this rule. */
  anchors: string[] | null;
}

/**
 * A literal space outside a character class matches any run of whitespace (logs wrap long
 * messages); ` ?` matches none or some.
 */
export function loosenSpaces(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      inClass = c !== ']';
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ' ') {
      while (pattern[i + 1] === ' ') i++;
      if (pattern[i + 1] === '?') {
        out += '\\s*';
        i++;
      } else out += '\\s+';
    } else out += c;
  }
  return out;
}

/** Compiles every entry's patterns into one case-insensitive alternation, highest priority first. */
export function compileRules(entries: readonly CatalogEntry[]): CompiledRule[] {
  const rules: CompiledRule[] = [];
  for (const entry of entries) {
    const hints = entry.match;
    if (!hints?.patterns?.length) continue;
    rules.push({
      entry,
      priority: hints.priority,
      statuses: hints.statuses ? new Set(hints.statuses) : undefined,
      regex: new RegExp(hints.patterns.map((p) => `(?:${loosenSpaces(p)})`).join('|'), 'i'),
      anchors: anchorsOfPatterns(hints.patterns),
    });
  }
  return rules.sort((a, b) => b.priority - a.priority);
}

/** The compiled rules behind a word gate: only rules whose anchor words occur are run. */
export class RuleSet {
  private readonly gate: WordGate;

  constructor(readonly rules: readonly CompiledRule[]) {
    this.gate = new WordGate(rules.map((r) => r.anchors));
  }

  /** The highest-priority rule that applies to `status` and matches `text`, if any. */
  match(text: string, status: number | null): CompiledRule | undefined {
    const marks = this.gate.mark(text);
    const rules = this.rules;
    for (let i = 0; i < rules.length; i++) {
      if (marks[i] === 0) continue;
      const rule = rules[i]!;
      if (rule.statuses !== undefined && !rule.statuses.has(status)) continue;
      if (rule.regex.test(text)) return rule;
    }
    return undefined;
  }

  /** Same result without the gate: every rule is tested. Used by tests to check the gate. */
  matchUngated(text: string, status: number | null): CompiledRule | undefined {
    return this.rules.find((r) => (r.statuses === undefined || r.statuses.has(status)) && r.regex.test(text));
  }
}

export const catalogEntries: readonly CatalogEntry[] = errorCatalog.entries;
export const entriesById: ReadonlyMap<string, CatalogEntry> = new Map(catalogEntries.map((e) => [e.id, e]));
export const ruleSet = new RuleSet(compileRules(catalogEntries));
