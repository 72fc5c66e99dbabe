/**
 * An HTTP client's code for an answer, on a line that names the API's own host: Axios's
 * `ERR_BAD_REQUEST` (the server answered with a 4xx status) and `ERR_BAD_RESPONSE` (a 5xx). Claude
 * Code's start screen prints it with no status or body (`Failed to connect to api.anthropic.com:
 * ERR_BAD_REQUEST`, under `Unable to connect to Anthropic services`): the API answered a request with
 * a failure, one event that no catalog entry names. The same codes for another host (an exporter's
 * `Failed to export 1 events (status=403, code=ERR_BAD_REQUEST, …)`, another provider's API) are not
 * the API's answer.
 */
const API_HOST_ANSWER_RE = /\bapi\.anthropic\.com\b[^\n]{0,160}?\bERR_BAD_RE(?:QUEST|SPONSE)\b/;

/** Whether a line names the API's host with an HTTP client's code for a failed answer. */
export function apiHostAnswered(line: string): boolean {
  return API_HOST_ANSWER_RE.test(line);
}
