/**
 * The key of one group's state under one rule: the rule's name and the group's key, separated by
 * a NUL (which neither contains). Keys the engine's sets of changed groups, and is what an
 * alert's id is a hash of (`alertIdOf` in match.ts).
 */
export function stateKey(rule: string, groupKey: string): string {
  return `${rule}\u0000${groupKey}`;
}
