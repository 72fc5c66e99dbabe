import { errorCatalog, type CatalogEntry } from '@claude-errors/schemas';

/** One compiled message rule: an entry, its priority, the statuses it applies to, one regex. */
export interface CompiledRule {
  entry: CatalogEntry;
  priority: number;
  /** undefined = any status; otherwise the set, where `null` means "no HTTP status known". */
  statuses: ReadonlySet<number | null> | undefined;
  regex: RegExp;
}

/** A literal space matches any run of whitespace (logs wrap long messages); ` ?` matches none or some. */
function loosenSpaces(pattern: string): string {
  return pattern.replace(/ \?/g, '\\s*').replace(/ +/g, '\\s+');
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
    });
  }
  return rules.sort((a, b) => b.priority - a.priority);
}

/** Rules applicable to one status, computed once per status value and cached. */
export class RuleIndex {
  private readonly byStatus = new Map<number | null, CompiledRule[]>();

  constructor(private readonly rules: readonly CompiledRule[]) {}

  forStatus(status: number | null): CompiledRule[] {
    let list = this.byStatus.get(status);
    if (!list) {
      list = this.rules.filter((r) => r.statuses === undefined || r.statuses.has(status));
      this.byStatus.set(status, list);
    }
    return list;
  }
}

export const catalogEntries: readonly CatalogEntry[] = errorCatalog.entries;
export const entriesById: ReadonlyMap<string, CatalogEntry> = new Map(catalogEntries.map((e) => [e.id, e]));
export const ruleIndex = new RuleIndex(compileRules(catalogEntries));
