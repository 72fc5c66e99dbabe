import { errorCatalog, guideIdOf } from '@claude-errors/schemas';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * A SQL expression mapping `catalog_id` to the error guide's row it rolls up to (NULL when none).
 * Built once from the catalog; ids are checked against the catalog's own id pattern before they
 * are written into SQL, so no outside text can reach it.
 */
export const GUIDE_ID_SQL: string = (() => {
  const arms: string[] = [];
  for (const e of errorCatalog.entries) {
    const guide = guideIdOf(e.id);
    if (guide === null) continue;
    if (!ID.test(e.id) || !ID.test(guide)) throw new Error(`catalog id not usable in SQL: ${e.id} -> ${guide}`);
    arms.push(`WHEN '${e.id}' THEN '${guide}'`);
  }
  return `(CASE catalog_id ${arms.join(' ')} ELSE NULL END)`;
})();
