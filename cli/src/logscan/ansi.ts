/**
 * Terminal colour codes in a log: CI logs, `docker logs` and a terminal's copy keep the SGR
 * sequences (`ESC[31m … ESC[0m`), and a paste into an issue keeps them without their invisible
 * ESC (`[31mERROR[0m`). They sit between a line's start and its text, and inside its words, where
 * the recognisers read a line's shape; they are removed before reading (line breaks stay, so line
 * numbers do not move). The ESC-less form is removed only from a text that has a reset code
 * (`[0m`, `[39m`, `[22m`, `[49m`), so a bracketed `[2m]` of an ordinary log stays. Whether an input
 * has colour codes is read from its first block, like a shipper's prefix: the others cost nothing.
 */

const ESC_CSI_RE = /\x1b\[[0-9;?]{0,16}[A-Za-z]/g;
const BARE_SGR_RE = /\[[0-9;]{1,16}m/g;
const BARE_RESET_RE = /\[(?:0|39|22|49)m/;
/** One pass over a block that has no colour codes (most logs): an ESC sequence or a bare reset code. */
const ANY_CODE_RE = /\x1b\[|\[(?:0|39|22|49)m/;

/** Whether a text (an input's first block) has colour codes: a log that has them has them throughout. */
export function hasAnsi(text: string): boolean {
  return ANY_CODE_RE.test(text);
}

/** `text` without its colour codes. */
export function stripAnsi(text: string): string {
  const out = text.includes('\x1b[') ? text.replace(ESC_CSI_RE, '') : text;
  return BARE_RESET_RE.test(out) ? out.replace(BARE_SGR_RE, '') : out;
}
