import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { loadPackageJson } from '@claude-errors/schemas';
import type { RulesProblem } from './errors.js';

export type PathSegment = string | number;

/** Maps a field path to its line and column in the YAML source (when the value came from YAML). */
export type Locate = (path: PathSegment[], key?: boolean) => { line: number; column: number } | undefined;

const rulesSchema = loadPackageJson<object>('rules.schema.json');
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateSchema = ajv.compile(rulesSchema);

/**
 * `notifiers[1].headers.Authorization`; a key that is not a plain word is quoted and escaped
 * (`headers["X-A\r\nB"]`), so a message never carries raw control characters.
 */
export function pathText(path: PathSegment[]): string {
  return path
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : !/^[A-Za-z0-9_-]+$/.test(s) ? `[${JSON.stringify(s)}]` : i === 0 ? s : `.${s}`))
    .join('');
}

/** Messages for a key that breaks a `propertyNames` pattern, by the object it is in. */
const PROPERTY_NAME_MESSAGES: Record<string, string> = {
  headers: "is not a valid header name (an RFC 7230 token: letters, digits and !#$%&'*+-.^_`|~)",
  labels: 'is not a valid label name (letters, digits and _, not starting with a digit)',
};

/** Parses YAML keeping positions; syntax errors become problems with their line. */
export function parseRulesYaml(text: string): { value: unknown; locate: Locate; problems: RulesProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: RulesProblem[] = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { path: '', line: pos.line, column: pos.col, message: e.message.split('\n')[0] ?? e.message };
  });
  const locate: Locate = (path, key) => {
    const offset = nodeOffset(doc, path, key ?? false);
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  return { value: problems.length ? undefined : doc.toJS(), locate, problems };
}

function nodeOffset(doc: Document, path: PathSegment[], key: boolean): number | undefined {
  if (key && path.length > 0) {
    const parent = doc.getIn(path.slice(0, -1), true) as Node | undefined;
    const name = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === name);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
  }
  // Walk up until a node with a position is found (a missing field points at its parent).
  for (let n = path.length; n >= 0; n--) {
    const node = (n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)) as Node | null | undefined;
    if (node?.range) return node.range[0];
  }
  return undefined;
}

/** Validates a parsed rules document against schemas/rules.schema.json. */
export function schemaProblems(value: unknown, locate: Locate): RulesProblem[] {
  if (validateSchema(value)) return [];
  return explainAjvErrors(validateSchema.errors ?? [], value, locate);
}

function explainAjvErrors(errors: ErrorObject[], value: unknown, locate: Locate): RulesProblem[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const typesAt = new Map<string, string[]>();
  const out = new Map<string, RulesProblem>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue; // propertyNames: its inner error (with propertyName) explains it
    const segs = toSegments(e.instancePath);
    if (e.propertyName !== undefined) {
      const message = PROPERTY_NAME_MESSAGES[String(segs.at(-1))] ?? 'is not an allowed name';
      const problem = located([...segs, e.propertyName], true, message, locate);
      out.set(`${problem.path}|${message}`, problem);
      continue;
    }
    if (oneOfPaths.has(e.instancePath) && (e.keyword === 'type' || e.keyword === 'oneOf')) {
      if (e.keyword === 'type') typesAt.set(e.instancePath, [...(typesAt.get(e.instancePath) ?? []), String(e.params['type'])]);
      continue;
    }
    let path = segs;
    let key = false;
    let message = e.message ?? e.keyword;
    if (e.keyword === 'required') {
      path = [...segs, String(e.params['missingProperty'])];
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      path = [...segs, String(e.params['additionalProperty'])];
      key = true;
      message = 'is not a known field';
    } else if (e.keyword === 'false schema') {
      message = `is not allowed for kind ${kindAt(value, segs) ?? '?'}`;
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    } else if (e.keyword === 'pattern') {
      const field = segs.at(-1);
      message =
        field === 'url'
          ? 'must be an http:// or https:// URL, or ${ENV_VAR}'
          : field === 'name'
            ? 'may contain only letters, digits and _ . : -'
            : 'must be a duration such as 30s, 5m, 4h or 1h30m';
    }
    const problem = located(path, key, message, locate);
    out.set(`${problem.path}|${message}`, problem);
  }
  for (const [instancePath, types] of typesAt) {
    const problem = located(toSegments(instancePath), false, `must be ${types.join(' or ')}`, locate);
    out.set(`${problem.path}|oneOf`, problem);
  }
  return [...out.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

export function located(path: PathSegment[], key: boolean, message: string, locate: Locate): RulesProblem {
  const pos = locate(path, key);
  return { path: pathText(path), line: pos?.line, column: pos?.column, message };
}

function toSegments(instancePath: string): PathSegment[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
}

function kindAt(value: unknown, segs: PathSegment[]): string | undefined {
  let cur: unknown = value;
  for (const s of segs.slice(0, -1)) cur = (cur as Record<string | number, unknown> | undefined)?.[s];
  const kind = (cur as { kind?: unknown } | undefined)?.kind;
  return typeof kind === 'string' ? kind : undefined;
}
