/**
 * Where a pagination run keeps its chain in each page's `context` (shallow-copied per
 * page). A string: got 15 and 16 merge a context with `Object.entries`, which drops symbols.
 */
export const pageChainKey = 'latchkey.pageChain'

/** One `paginate()` run: the origin of its first page, the one the caller asked for. */
export class PageChain {
  origin: string | undefined
}

/** The chain a request belongs to, when it is a page of `paginate()`. */
export function pageChainOf(context: unknown): PageChain | undefined {
  const chain = (context as Record<string, unknown> | undefined)?.[pageChainKey]
  return chain instanceof PageChain ? chain : undefined
}

type Paginate = (url?: unknown, options?: Record<string, unknown>) => unknown

/** got 14 to 16 alike: `paginate`, `paginate.each`, `paginate.all` and `extend`. */
interface PaginatingGot {
  paginate: Paginate & { each: Paginate; all: Paginate }
  extend(...parts: unknown[]): unknown
}

/**
 * got fetches every next page as a new request of its own, from the `Link` header or the
 * caller's `pagination.paginate`: without a mark, each would look like a first request and
 * get credentials wherever it points. Each `paginate()` call on this instance (and on
 * instances extended from it) marks its pages with one chain, so a page on another
 * origin is treated like a cross-origin redirect.
 */
export function markingPages<T>(instance: T): T {
  const got = instance as unknown as PaginatingGot
  const original = got.paginate
  const marked = (options: Record<string, unknown> | undefined) => ({
    ...options,
    context: { ...(options?.context as object | undefined), [pageChainKey]: new PageChain() },
  })
  const paginate = Object.assign(
    (url?: unknown, options?: Record<string, unknown>) => original(url, marked(options)),
    {
      each: (url?: unknown, options?: Record<string, unknown>) =>
        original.each(url, marked(options)),
      all: (url?: unknown, options?: Record<string, unknown>) => original.all(url, marked(options)),
    },
  )
  const extend = got.extend
  Object.assign(got, {
    paginate,
    extend: (...parts: unknown[]) => markingPages(extend.apply(got, parts)),
  })
  return instance
}
