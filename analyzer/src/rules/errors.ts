import { CeError } from '@claude-errors/schemas';
import { analyzerError, ofKind } from '../errors.js';

/** Error codes of the rules engine and notifiers (documented in docs/errors.md). */
export const RulesErrorCode = {
  /** The rules file is not valid YAML, breaks rules.schema.json, or is inconsistent. */
  RULES_INVALID: 'CE_ERR_RULES_INVALID',
  /** The rules file could not be read. */
  RULES_UNREADABLE: 'CE_ERR_RULES_UNREADABLE',
  /** A notifier's receiver answered with a non-2xx status or could not be reached. */
  NOTIFY_FAILED: 'CE_ERR_NOTIFY_FAILED',
  /** A notifier's queue was full; the oldest waiting notification was dropped (counted). */
  NOTIFY_QUEUE_FULL: 'CE_ERR_NOTIFY_QUEUE_FULL',
} as const;

/** One problem found in a rules file: where (field path and YAML line) and what. */
export interface RulesProblem {
  path: string; // e.g. rules[0].threshold
  line: number | undefined; // 1-based line in the YAML file, when known
  column: number | undefined;
  message: string;
}

export class RulesInvalidError extends CeError {
  readonly problems: readonly RulesProblem[];
  readonly file: string;

  constructor(file: string, problems: RulesProblem[]) {
    super(RulesErrorCode.RULES_INVALID, `${file}: ${problems.length} problem(s): ${problems.map(formatProblem).join('; ')}`, ofKind('invalid'));
    this.file = file;
    this.problems = problems;
  }
}

export function formatProblem(p: RulesProblem): string {
  const where = p.line === undefined ? p.path || '(root)' : `line ${p.line}: ${p.path || '(root)'}`;
  return `${where}: ${p.message}`;
}

export function rulesUnreadable(file: string, cause: unknown): CeError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return analyzerError('invalid', RulesErrorCode.RULES_UNREADABLE, `cannot read rules file ${file}: ${msg}`, { cause });
}
