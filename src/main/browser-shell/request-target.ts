// The request target of an HTTP request, read without ever throwing. Only the origin form a browser
// sends ("/path?query") is a target here: the absolute form, the asterisk and anything else is not.
// `new URL(target, base)` is no parser for this: it throws on "//", "/\", "//[" and reads "//x/" as a
// host, and a page can send any of them.

export interface RequestTarget {
  /** The path exactly as sent, still percent-encoded. */
  path: string
  query: URLSearchParams
}

export function parseRequestTarget(target: string | undefined): RequestTarget | undefined {
  if (target === undefined || !target.startsWith('/')) return undefined
  const hash = target.indexOf('#')
  const withoutFragment = hash < 0 ? target : target.slice(0, hash)
  const q = withoutFragment.indexOf('?')
  if (q < 0) return { path: withoutFragment, query: new URLSearchParams() }
  // URLSearchParams leaves a malformed escape as it is instead of throwing.
  return { path: withoutFragment.slice(0, q), query: new URLSearchParams(withoutFragment.slice(q + 1)) }
}
