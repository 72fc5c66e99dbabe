/**
 * Terminal colour codes in a log: CI logs, `docker logs` and a terminal's copy keep the SGR
 * sequences (`ESC[31m … ESC[0m`), and a paste into an issue keeps them without their invisible
 * ESC (`[31mERROR[0m`). They sit between a line's start and its text, and inside its words, where
 * the recognisers read a line's shape; they are removed before reading (line breaks stay, so line
 * numbers do not move). The ESC-less form is removed only from a text that has a reset code
 * (`[0m`, `[39m`, `[22m`, `[49m`), so a bracketed `[2m]` of an ordinary log stays.
 */

const ESC_CSI_RE = /\x1b\[[0-9;?]{0,16}[A-Za-z]/g;
const BARE_SGR_RE = /\[[0-9;]{1,16}m/g;
const BARE_RESET_RE = /\[(?:0|39|22|49)m/;

/** `text` without its colour codes (the same string when it has none). */
export function stripAnsi(text: string): string {
  let out = text.includes('\x1b[') ? text.replace(ESC_CSI_RE, '') : text;
  if (out.includes('m') && BARE_RESET_RE.test(out)) out = out.replace(BARE_SGR_RE, '');
  return out;
}
