import { describe, expect, it } from 'vitest';
import { events, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * botocore's ClientError message broken after `when calling the` by the app's log writer, the
 * operation's name and the message on the next line at the margin (wrapped-body.ts,
 * CALLING_THE_END_RE): the two lines are one message, so the catalog reads Bedrock's whole wording.
 */
describe("analyze: botocore's message broken after `when calling the`", () => {
  it('the operation and the message on the next line are read with it (strands-agents__samples-70)', async () => {
    // `ValidationException: An error occurred (ValidationException) when calling the` / `ConverseStream operation: The provided model identifier is invalid`
    expect(await events(excerpt('strands-agents__samples-70'))).toEqual([[null, 'invalid-model']]);
  });

  it.each([
    ['botocore.exceptions.ClientError: An error occurred (ValidationException) when calling the\nInvokeModel operation: The provided model identifier is invalid.\n', [[null, 'invalid-model']]],
    // botocore's retry count after the operation's name, the line indented with the log
    ['  An error occurred (ThrottlingException) when calling the\n  InvokeModel operation (reached max retries: 4): Too many tokens, please wait before trying again.\n', [[null, 'rate-limit-tokens']]],
    // inside an exception's repr, broken at the same word
    ["RuntimeError: ValidationException('An error occurred (ValidationException) when calling the\nConverse operation: The provided model identifier is invalid.')\n", [[null, 'invalid-model']]],
  ] as Array<[string, Array<[number | null, string]>]>)('%#: %j -> %j', async (text, want) => {
    expect(await events(text)).toEqual(want);
  });

  it('another service\'s operation joined the same way stays no Claude error', async () => {
    expect(await events('botocore.exceptions.ClientError: An error occurred (ValidationException) when calling the\nCreateBucket operation: The specified bucket is not valid.\n')).toEqual([]);
  });

  it('a line that is no operation, or one indented under it, is not read with it', async () => {
    // the next line is text of its own (no `<Operation> operation`), or indented deeper: the first line is read alone, as before
    const alone = await events('botocore.exceptions.ClientError: An error occurred (ValidationException) when calling the\nThe provided model identifier is invalid.\n');
    expect(alone.map((e) => e[1])).not.toContain('invalid-model');
    const indented = await events('botocore.exceptions.ClientError: An error occurred (ValidationException) when calling the\n    ConverseStream operation: The provided model identifier is invalid.\n');
    expect(indented.map((e) => e[1])).not.toContain('invalid-model');
  });
});
