// Which SDK surface a request belongs to, from its method and path (all SDK versions alike).

export interface Operation {
  /** `anthropic.operation`: messages.create, messages.stream, beta.messages.create, models.list, … */
  name: string;
  /** `gen_ai.operation.name`: chat, text_completion, or the Anthropic operation for the rest. */
  genAiName: string;
}

const ROUTES: ReadonlyArray<readonly [method: string, path: RegExp, name: string]> = [
  ['POST', /^\/v1\/messages$/, 'messages.create'],
  ['POST', /^\/v1\/messages\/count_tokens$/, 'messages.count_tokens'],
  ['POST', /^\/v1\/messages\/batches$/, 'messages.batches.create'],
  ['GET', /^\/v1\/messages\/batches$/, 'messages.batches.list'],
  ['GET', /^\/v1\/messages\/batches\/[^/]+$/, 'messages.batches.retrieve'],
  ['GET', /^\/v1\/messages\/batches\/[^/]+\/results$/, 'messages.batches.results'],
  ['POST', /^\/v1\/messages\/batches\/[^/]+\/cancel$/, 'messages.batches.cancel'],
  ['DELETE', /^\/v1\/messages\/batches\/[^/]+$/, 'messages.batches.delete'],
  ['GET', /^\/v1\/models$/, 'models.list'],
  ['GET', /^\/v1\/models\/[^/]+$/, 'models.retrieve'],
  ['POST', /^\/v1\/complete$/, 'completions.create'],
  ['GET', /^\/v1\/sessions\/[^/]+\/events\/stream$/, 'sessions.events.stream'],
];

/**
 * `beta` is true for `?beta=true` paths (0.x) or an `anthropic-beta` header (1.x);
 * `helper` is the `x-stainless-helper-method` header (`stream` for messages.stream()).
 */
export function operationOf(method: string, path: string, beta: boolean, helper: string | undefined): Operation {
  const upper = method.toUpperCase();
  // `batches.results()` requests the batch's absolute `results_url`: route by its path.
  const local = /^https?:\/\//i.test(path) ? path.replace(/^https?:\/\/[^/]*/i, '') : path;
  const bare = local.split('?')[0] ?? local;
  const found = ROUTES.find(([m, re]) => m === upper && re.test(bare));
  let name = found ? found[2] : `${upper.toLowerCase()} ${bare}`;
  if (name === 'messages.create' && helper === 'stream') name = 'messages.stream';
  if (beta && found) name = `beta.${name}`;
  const genAiName = name.endsWith('messages.create') || name.endsWith('messages.stream') ? 'chat'
    : name === 'completions.create' ? 'text_completion'
    : name;
  return { name, genAiName };
}

/** `anthropic.messages.create` (the SDK's native span name) → `messages.create`. */
export function operationFromNativeSpanName(spanName: string): string {
  return spanName.startsWith('anthropic.') ? spanName.slice('anthropic.'.length) : spanName;
}
