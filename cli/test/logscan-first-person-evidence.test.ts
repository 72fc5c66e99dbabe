import { describe } from 'vitest';
import { itReads, tuningExcerpt as excerpt } from './logscan-corpus-text.js';

/**
 * A first-person account is a failure met only with some of the API's own evidence: a status, an
 * error type, an exception or SDK class, a request id, a body or an error label, the API's message
 * in quotes (error-mentions.ts, unevidencedAccount). In the writer's own words alone it names the
 * error, as third-person prose does.
 */
describe("analyze: a first-person account without the API's evidence names an error, it reports none", () => {
  itReads([
    // a feature request: "I find I'm running into the Claude 20k tokens/minute rate limit really easily" (crmne__ruby_llm-244)
    [excerpt('crmne__ruby_llm-244'), []],
    ['I keep running into the Claude tokens per minute rate limit on long agent runs with claude-3-7-sonnet.', []],
    ['We are hitting the Anthropic token rate limit every few minutes since the upgrade.', []],
    ["My agent runs into Claude's output tokens per minute rate limit constantly.", []],
  ]);
});

describe("analyze: a first-person account with the API's evidence reports the failure met", () => {
  itReads([
    // a status, an error type, a class, a request id, the API's words in quotes: the writer shows what the API answered
    ['I get 429 rate_limit_error from the Anthropic API: This request would exceed the rate limit for your organization of 40,000 input tokens per minute', ['rate-limit-tokens']],
    ['We keep seeing overloaded_error: Overloaded from the Anthropic API during peak hours', ['overloaded']],
    ['I hit the Claude tokens per minute rate limit and got a 429 on every retry.', ['rate-limit-tokens']],
    ['My requests to Claude fail with anthropic.RateLimitError after a few calls.', ['rate-limited']],
    ['I keep getting "Overloaded" from Claude whenever the agent runs a long task.', ['overloaded']],
    ['I keep hitting the tokens per minute rate limit on Claude (request_id: req_011CXw8h8A796q3f74Ezmhav).', ['rate-limit-tokens']],
    // the API's message quoted in a first-person account (aws-samples__amazon-bedrock-agents-healthcare-lifesciences-136)
    [excerpt('aws-samples__amazon-bedrock-agents-healthcare-lifesciences-136'), ['rate-limit-requests']],
    // inside a code fence the line is output pasted, whoever it speaks for
    ["Here is what I get:\n```\nI find I'm running into the Claude token rate limit really easily\n```\n", ['rate-limit-tokens']],
  ]);
});
