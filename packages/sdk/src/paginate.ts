/**
 * Every item of an offset-paged list, fetched a page at a time as the caller iterates (stop early and no further
 * page is asked for).
 */
export async function* offsetPages<T>(
  fetchPage: (skip: number, first: number) => Promise<readonly T[]>,
  pageSize = 100,
): AsyncGenerator<T> {
  for (let skip = 0; ; skip += pageSize) {
    const page = await fetchPage(skip, pageSize);
    yield* page;
    if (page.length < pageSize) return;
  }
}
