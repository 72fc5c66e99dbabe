import { errorCatalog, type CatalogEntry } from '@claude-errors/schemas';
import { compileCues, CUE_CHECK, CUE_SKIP, CueMatcher, isFrequentWord, type CompiledCue } from './cues.js';
import { anchorsOfPatterns, isCommonWord, leadingChoice, rankedBySelectivity, selectiveAnchors, topLevelAlternatives, wordStarts, type WordStarts } from './anchors.js';
import { ENVELOPE_WORDS, hasStatusNumber } from './envelope.js';
import { exactLiteral, requiredLiterals, type RequiredLiterals } from './required-literals.js';
import { API_ERROR_TYPE_WORDS, AWS_EXCEPTION_WORDS, STATUS_EXCEPTION_WORDS } from './fallbacks.js';
import { WordGate, type GateItem } from './word-gate.js';

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
  /** null = no usable anchor: tested whenever its rule applies, unless it has a choice. */
  anchors: string[] | null;
  /** Without anchors: words one of which starts a word of every text it matches (anchors.ts leadingChoice), or null. */
  choice: string[] | null;
  /** What its regex alone says every match holds (anchors.ts wordStarts): the gate checks it too. */
  starts: WordStarts;
  /** Runs of letters its regex says every match holds, at a word start or not (required-literals.ts): so does the gate. */
  literals: RequiredLiterals;
  /** The whole regex as one literal of the gate, or null (required-literals.ts exactLiteral): where the gate reads it, the regex matches, and is not run. */
  exact: string | null;
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
      alternatives: hints.patterns.flatMap(topLevelAlternatives).map((alt) => {
        const anchors = selectiveAnchors(alt);
        const source = loosenSpaces(alt);
        return { regex: new RegExp(source, 'i'), anchors, choice: anchors ? null : leadingChoice(alt), starts: wordStarts(source), literals: requiredLiterals(source), exact: exactLiteral(source) };
      }),
      anchors: anchorsOfPatterns(hints.patterns),
    });
  }
  return rules.sort((a, b) => b.priority - a.priority);
}

const BACKSLASHES = /\\+/g;

/**
 * What the gate checks for an alternative: its anchor words (or its leading choice), then what its
 * regex says every match holds (`starts`, then `literals`) that they do not already say. Compared
 * whole: every match has each of these words in full at a word start (a literal of the regex), so
 * a word longer than 8 characters is not let through by its first 8
 * (`AnthropicUnauthorizedException` is not tested on every text that says `anthropic`).
 */
function gateItem(a: CompiledAlternative): GateItem {
  const all = [...(a.anchors ?? [])];
  const implied = (w: string): boolean => all.some((x) => x.startsWith(w));
  for (const w of rankedBySelectivity(a.starts.all)) if (!implied(w)) all.push(w);
  const anyOf = a.choice && !a.anchors ? [a.choice] : [];
  const seen = new Set(anyOf.map((l) => l.join('|')));
  for (const list of a.starts.anyOf) {
    if (list.some(implied) || seen.has(list.join('|'))) continue;
    seen.add(list.join('|'));
    anyOf.push(list);
  }
  // a literal inside a word the gate looks for already, or inside a longer literal, says nothing more
  const inWord = (l: string): boolean => all.some((x) => x.includes(l));
  const contains = a.literals.all.filter((l) => !inWord(l) && !a.literals.all.some((x) => x !== l && x.includes(l)));
  const containsAnyOf = a.literals.anyOf.filter((list) => !list.some((l) => inWord(l) || contains.some((x) => x.includes(l))));
  // a regex that is one literal (`exact`) matches where the gate reads it: with it, what the gate
  // marks is what the gate and the regex say together, and the regex is not run
  if (a.exact !== null && !inWord(a.exact)) contains.push(a.exact);
  return { all, anyOf, cjk: a.starts.cjk, whole: true, contains, containsAnyOf };
}

/**
 * The compiled rules behind a word gate. The gate works per alternative (each top-level `|` branch
 * of each pattern, with its own anchor words, all of which must occur), so a rule only runs the
 * branches that can match, not its whole alternation.
 *
 * `scan` then `matchScanned` is the classifier's path: one pass of the gate over the text also says
 * whether it has backslashes to drop and whether it mentions `error_code`. `match` is the same for
 * a text taken as it is.
 */
export class RuleSet<Mention extends string = never> {
  private readonly gate: WordGate;
  /** Regex of every alternative, rule after rule, in priority order. */
  private readonly slots: readonly RegExp[];
  /** The rule of each slot. */
  private readonly ruleOf: readonly CompiledRule[];
  /** 1 for the slots whose regex is one literal of the gate (`exact`): marked, it matches, and is not run. */
  private readonly exact: Uint8Array;
  /** The gate's items after the slots, one per word of `mentions`: name -> first item, and end (objects, not a Map: a call with a constant name reads a constant field). */
  private readonly mentionFrom = {} as Record<Mention, number>;
  private readonly mentionEnd = {} as Record<Mention, number>;

  /** The gate's items of the cues, last: cueFrom .. cueFrom + cues.length - 1, in priority order. */
  private readonly cueFrom: number;
  private readonly cueMatcher: CueMatcher;

  /** `mentions`: name -> words, for `mentions()`; `cues`: highest priority first, for `matchCue()`. */
  constructor(
    readonly rules: readonly CompiledRule[],
    mentions: Readonly<Record<Mention, readonly string[]>> = {} as Record<Mention, readonly string[]>,
    readonly cues: readonly CompiledCue[] = [],
  ) {
    const alts = rules.flatMap((r) => r.alternatives);
    this.slots = alts.map((a) => a.regex);
    this.exact = Uint8Array.from(alts, (a) => (a.exact === null ? 0 : 1));
    this.ruleOf = rules.flatMap((r) => r.alternatives.map(() => r));
    const items: Array<GateItem | readonly string[]> = alts.map(gateItem);
    for (const [name, words] of Object.entries<readonly string[]>(mentions)) {
      this.mentionFrom[name as Mention] = items.length;
      this.mentionEnd[name as Mention] = items.length + words.length;
      for (const w of words) items.push([w]);
    }
    this.cueFrom = items.length;
    for (const cue of cues) items.push(cue.gate);
    // the words of either list of common words (anchors.ts, cues.ts) trigger no item that has a rarer one
    this.gate = new WordGate(items, (w) => isCommonWord(w) || isFrequentWord(w));
    this.cueMatcher = new CueMatcher(cues);
  }

  /**
   * Runs the gate over `raw` with its backslashes removed (JSON escaped inside JSON, `\"user\"`,
   * so that patterns see plain quotes) and returns that text. Until the next `scan` or `match`,
   * `mentionsErrorCode` and `matchScanned` answer for it.
   */
  scan(raw: string): string {
    const gate = this.gate;
    if (raw.indexOf('\\') === -1) {
      gate.mark(raw);
      this.statusNumber = gate.statusNumber;
      return raw;
    }
    // With backslashes the gate reads only the text without them; what it would have said of
    // `raw` (its statusNumber) is the regex's answer, and one pass over `raw` is saved.
    this.statusNumber = hasStatusNumber(raw);
    const text = raw.replace(BACKSLASHES, '');
    gate.mark(text);
    return text;
  }

  /**
   * False when `raw` as last scanned (backslashes kept: what the status parser reads) has no three
   * digits that end a word and follow no digit: then no HTTP status is written in it, nor in any
   * part of it.
   */
  statusNumber = false;

  /** Whether the scanned text has a word that starts with one of the words of `mentions[name]` (their first 8 characters). */
  mentions(name: Mention): boolean {
    return this.gate.anyOf(this.mentionFrom[name], this.mentionEnd[name]);
  }

  /** The highest-priority rule that applies to `status` and matches `text`, the text `scan` returned last. */
  matchScanned(text: string, status: number | null): CompiledRule | undefined {
    const gate = this.gate;
    const slots = this.slots;
    const ruleOf = this.ruleOf;
    const applies = this.appliesTo(status);
    const exact = this.exact;
    for (let s = gate.next(0); s !== -1 && s < slots.length; s = gate.next(s + 1)) {
      if (applies[s] === 0) continue;
      if (exact[s] === 1 || slots[s]!.test(text)) return ruleOf[s];
    }
    return undefined;
  }

  /** Per status that the classifier passes (null, 400 to 599): per slot, 1 where its rule applies to that status. */
  private readonly appliesByStatus: Array<Uint8Array | undefined> = [];

  /** Per slot, 1 where its rule applies to `status` (its `statuses` has it, or it has none). */
  private appliesTo(status: number | null): Uint8Array {
    const key = status === null ? 0 : Number.isInteger(status) && status >= 400 && status <= 599 ? status - 399 : -1;
    const cached = key >= 0 ? this.appliesByStatus[key] : undefined;
    if (cached) return cached;
    const applies = Uint8Array.from(this.ruleOf, (rule) => (rule.statuses === undefined || rule.statuses.has(status) ? 1 : 0));
    if (key >= 0) this.appliesByStatus[key] = applies;
    return applies;
  }

  /**
   * The highest-priority cue that applies to `status` and `platform` and fires on `text`, the text `scan` returned
   * last: only the cues whose words the gate saw (a word of a term of each family) are checked, on the text's words.
   */
  matchCue(text: string, status: number | null, platform: string | null = null): CompiledCue | undefined {
    const gate = this.gate;
    const state = this.cueMatcher.state;
    let any = false;
    state.fill(CUE_SKIP);
    for (let s = gate.next(this.cueFrom); s !== -1; s = gate.next(s + 1)) {
      const c = s - this.cueFrom;
      const { statuses, platforms } = this.cues[c]!;
      if (statuses !== undefined && !statuses.has(status)) continue;
      if (platforms !== undefined && (platform === null || !platforms.has(platform))) continue;
      state[c] = CUE_CHECK;
      any = true;
    }
    if (!any) return undefined;
    const c = this.cueMatcher.match(text);
    return c < 0 ? undefined : this.cues[c];
  }

  /** The highest-priority rule that applies to `status` and matches `text`, if any. */
  match(text: string, status: number | null): CompiledRule | undefined {
    this.gate.mark(text);
    return this.matchScanned(text, status);
  }

  /** Same result without the gate: every rule is tested. Used by tests to check the gate. */
  matchUngated(text: string, status: number | null): CompiledRule | undefined {
    return this.rules.find((r) => (r.statuses === undefined || r.statuses.has(status)) && r.regex.test(text));
  }
}

export const catalogEntries: readonly CatalogEntry[] = errorCatalog.entries;
export const entriesById: ReadonlyMap<string, CatalogEntry> = new Map(catalogEntries.map((e) => [e.id, e]));
/**
 * What the classifier asks the gate besides the rules: for each parse it may run on the text, the
 * words without which that parse finds nothing (envelope.ts and fallbacks.ts say why).
 */
const MENTIONS = { ...ENVELOPE_WORDS, awsException: AWS_EXCEPTION_WORDS, apiErrorType: API_ERROR_TYPE_WORDS, statusException: STATUS_EXCEPTION_WORDS };

export const ruleSet = new RuleSet(compileRules(catalogEntries), MENTIONS, compileCues(catalogEntries));
