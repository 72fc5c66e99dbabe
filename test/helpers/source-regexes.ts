/**
 * Every regex of the project's source, found by parsing (not by searching text): regex literals,
 * and `new RegExp(…)` / `RegExp(…)` whose arguments are known before the program runs (string
 * literals, templates and `.join` of constants, `.source` of literals). The TypeScript is
 * transpiled to JavaScript (types removed, regexes untouched) and read by ESLint, whose
 * eslint-plugin-regexp rules `no-super-linear-backtracking` and `no-super-linear-move` report
 * regexes that can take polynomial or exponential time (they analyse the regex as an automaton,
 * so a new regex is checked as soon as it is written). A constructor whose pattern is only known
 * at run time is reported as `unresolved`: its patterns have to be checked where they come from.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getStaticValue } from '@eslint-community/eslint-utils';
import { Linter, type Rule } from 'eslint';
import regexpPlugin from 'eslint-plugin-regexp';
import ts from 'typescript';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What is read: the source of every package and of the scripts and entry points shipped with them. */
const SOURCE_DIRS = [
  'schemas/src',
  'schemas/scripts',
  'instrumentation/src',
  'collector/src',
  'analyzer/src',
  'dashboard/src',
  'cli/src',
  'bin',
];
const SOURCE_FILE = /\.(?:ts|mts|js|mjs)$/;
const NOT_SOURCE = /\.(?:test|d)\.ts$/;

/**
 * The rules that find super-linear regexes, as eslint-plugin-regexp names them. Backtracking at
 * its strictest (`potential` also reports what the analysis cannot prove exploitable, around
 * lookarounds and back-references); moves as certain (`potential` there flags `/\s+/g`, which
 * cannot fail once it starts).
 */
export const REDOS_RULES: Linter.RulesRecord = {
  'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
  'regexp/no-super-linear-move': ['error', { ignoreSticky: false }],
};

export interface SourceRegex {
  file: string;
  line: number;
  pattern: string;
  flags: string;
}
export interface Finding {
  file: string;
  line: number;
  rule: string;
  message: string;
  /** The regex (or constructor call) as written. */
  text: string;
}

export function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'dist') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE_FILE.test(name) && !NOT_SOURCE.test(name)) out.push(path);
    }
  };
  for (const d of SOURCE_DIRS) walk(join(REPO_ROOT, d));
  return out.sort();
}

/** Whether the file has a regex literal or names RegExp: TypeScript's parser is faster than ESLint's (most files have neither). */
function mentionsRegex(path: string): boolean {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false);
  const visit = (node: ts.Node): boolean =>
    node.kind === ts.SyntaxKind.RegularExpressionLiteral || (ts.isIdentifier(node) && node.text === 'RegExp') || (ts.forEachChild(node, visit) ?? false);
  return visit(source);
}

function toJavaScript(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!/\.m?ts$/.test(path)) return text;
  return ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext }, fileName: path }).outputText;
}

/** An ESLint rule that hands every regex it can resolve, and every constructor it cannot, to `sink`. */
function collectRule(sink: { regex(p: string, f: string, node: Rule.Node): void; unresolved(node: Rule.Node): void }): Rule.RuleModule {
  return {
    create(context) {
      const constructed = (node: Rule.Node & { callee: { type: string; name?: string }; arguments: unknown[] }): void => {
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'RegExp') return;
        const scope = context.sourceCode.getScope(node);
        const [patternArg, flagsArg] = node.arguments as Parameters<typeof getStaticValue>[0][];
        const pattern = patternArg ? getStaticValue(patternArg, scope) : null;
        const flags = flagsArg ? getStaticValue(flagsArg, scope) : { value: '' };
        const p = pattern?.value instanceof RegExp ? pattern.value.source : pattern?.value;
        const f = flags === null ? null : flags.value === undefined && pattern?.value instanceof RegExp ? pattern.value.flags : flags.value;
        if (typeof p === 'string' && typeof f === 'string') sink.regex(p, f, node);
        else sink.unresolved(node);
      };
      return {
        Literal(node) {
          if ('regex' in node && node.regex) sink.regex(node.regex.pattern, node.regex.flags, node as Rule.Node);
        },
        NewExpression: constructed as never,
        CallExpression: constructed as never,
      };
    },
  };
}

export interface SourceScan {
  /** Source files read (those with a regex are then linted). */
  files: number;
  regexes: SourceRegex[];
  findings: Finding[];
  unresolved: Finding[];
}

/** Reads every source file once: the regexes found, the super-linear ones, the unresolved constructors. */
export function scanSources(): SourceScan {
  const scan: SourceScan = { files: 0, regexes: [], findings: [], unresolved: [] };
  let file = '';
  let js = '';
  const textOf = (node: Rule.Node): string => js.slice(node.range![0], node.range![1]);
  const collect = collectRule({
    regex: (pattern, flags, node) => scan.regexes.push({ file, line: node.loc!.start.line, pattern, flags }),
    unresolved: (node) => scan.unresolved.push({ file, line: node.loc!.start.line, rule: 'unresolved', message: 'pattern not known before run time', text: textOf(node) }),
  });
  const linter = new Linter();
  const config: Linter.Config[] = [
    {
      languageOptions: { ecmaVersion: 'latest', sourceType: 'module' },
      plugins: { regexp: regexpPlugin, local: { rules: { collect } } },
      rules: { 'local/collect': 'error', ...REDOS_RULES },
    },
  ];
  for (const path of sourceFiles()) {
    scan.files++;
    if (!mentionsRegex(path)) continue;
    file = relative(REPO_ROOT, path);
    js = toJavaScript(path);
    for (const m of linter.verify(js, config, { filename: `${file}.js` })) {
      if (m.ruleId === 'local/collect') continue;
      if (m.fatal) throw new Error(`${file}: ${m.message}`);
      const line = js.split('\n')[m.line - 1]!;
      const around = line.slice(Math.max(0, m.column - 21), m.column + 20);
      scan.findings.push({ file, line: lineIn(path, line.trim()) ?? lineIn(path, around) ?? m.line, rule: m.ruleId ?? '', message: m.message, text: line.trim().slice(0, 240) });
    }
  }
  for (const u of scan.unresolved) u.line = lineIn(join(REPO_ROOT, u.file), u.text) ?? u.line;
  return scan;
}

/** The ESLint rules over one pattern compiled with `flags` (how the catalog's patterns are checked). */
export function lintPattern(pattern: string, flags: string): Array<{ rule: string; message: string }> {
  const linter = new Linter();
  const code = `new RegExp(${JSON.stringify(pattern)}, ${JSON.stringify(flags)});`;
  const config: Linter.Config[] = [
    { languageOptions: { ecmaVersion: 'latest' }, plugins: { regexp: regexpPlugin }, rules: REDOS_RULES },
  ];
  return linter.verify(code, config).map((m) => ({ rule: m.ruleId ?? (m.fatal ? 'parse' : ''), message: m.message }));
}

/** The line of the original (TypeScript) file where `text` first occurs, if it occurs verbatim. */
function lineIn(path: string, text: string): number | undefined {
  const src = readFileSync(path, 'utf8');
  const at = src.indexOf(text);
  return at === -1 ? undefined : src.slice(0, at).split('\n').length;
}
