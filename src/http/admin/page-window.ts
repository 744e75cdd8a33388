const INT64_MAX = 2n ** 63n - 1n;
/** More rows than any table holds, and still a number every database takes for LIMIT and OFFSET. */
const ROWS_CAP = BigInt(Number.MAX_SAFE_INTEGER);

export type PageWindow = { ok: true; offset: number; limit: number } | { ok: false; message: string };

/**
 * The rows of a page as Hanko's paginator picks them: a page below 1 is the first, a `per_page`
 * below 1 the default. Past the cap a limit or offset selects what the cap does, so both are capped;
 * an offset that no 64-bit integer holds, where Hanko's arithmetic overflows and its database
 * refuses the query (a 500), is a 400.
 */
export function pageWindow(page: bigint, perPage: bigint, defaultPerPage: bigint): PageWindow {
  const limit = perPage < 1n ? defaultPerPage : perPage;
  const offset = ((page < 1n ? 1n : page) - 1n) * limit;
  if (offset > INT64_MAX) return { ok: false, message: `(page-1)*per_page must not exceed ${INT64_MAX}` };
  const capped = (value: bigint) => Number(value < ROWS_CAP ? value : ROWS_CAP);
  return { ok: true, offset: capped(offset), limit: capped(limit) };
}
