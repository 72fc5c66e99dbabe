import { errorCatalog, type CatalogEntry } from '@claude-errors/schemas';
import { anchorsOfPatterns, selectiveAnchors, topLevelAlternatives } from './anchors.js';
import { WordGate } from './word-gate.js';

/** One compiled message rule: an entry, its priority, the statuses it applies to, one regex. */
export interface CompiledRule {
  entry: CatalogEntry;
  priority: number;
  /** undefined = any status; otherwise the set, where `null` means "no HTTP status known". */
  statuses: ReadonlySet<number | null> | undefined;
  /** All the entry's patterns in one regex. */
  regex: RegExp;
  /** The same patterns split at their top-level `|`: the gate picks which of these to run. */
  alternatives: readonly CompiledAlternative[];
  /** One anchor word per alternative (null when one has none); the gate itself uses `alternatives[].anchors`. */
  anchors: string[] | null;
}

/** One top-level alternative of a rule's patterns, with anchor words every match contains. */
export interface CompiledAlternative {
  regex: RegExp;
  /** null = no usable anchor: tested whenever its rule applies. */
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
      alternatives: hints.patterns.flatMap(topLevelAlternatives).map((alt) => ({ regex: new RegExp(loosenSpaces(alt), 'i'), anchors: selectiveAnchors(alt) })),
      anchors: anchorsOfPatterns(hints.patterns),
    });
  }
  return rules.sort((a, b) => b.priority - a.priority);
}

/**
 * The compiled rules behind a word gate. The gate works per alternative (each top-level `|` branch
 * of each pattern, with its own anchor words, all of which must occur), so a rule only runs the
 * branches that can match, not its whole alternation.
 */
export class RuleSet {
  private readonly gate: WordGate;
  /** Regex of every alternative, rule after rule; rule i owns slots [slotStart[i], slotStart[i + 1]). */
  private readonly slots: readonly RegExp[];
  private readonly slotStart: Uint16Array;

  constructor(readonly rules: readonly CompiledRule[]) {
    const alts = rules.flatMap((r) => r.alternatives);
    this.slots = alts.map((a) => a.regex);
    this.slotStart = new Uint16Array(rules.length + 1);
    rules.forEach((r, i) => (this.slotStart[i + 1] = this.slotStart[i]! + r.alternatives.length));
    this.gate = new WordGate(alts.map((a) => a.anchors));
  }

  /** The highest-priority rule that applies to `status` and matches `text`, if any. */
  match(text: string, status: number | null): CompiledRule | undefined {
    const marks = this.gate.mark(text);
    const rules = this.rules;
    const slots = this.slots;
    const slotStart = this.slotStart;
    for (let i = 0; i < rules.length; i++) {
      const end = slotStart[i + 1]!;
      let s = slotStart[i]!;
      while (s < end && marks[s] === 0) s++;
      if (s === end) continue;
      const rule = rules[i]!;
      if (rule.statuses !== undefined && !rule.statuses.has(status)) continue;
      for (; s < end; s++) if (marks[s] === 1 && slots[s]!.test(text)) return rule;
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
