// Pure: the dashboard's address. Every view keeps its whole state in the URL fragment,
// `#/page?key=value&…`, so a link or a reload restores what was on the screen. The fragment never
// reaches the server (no filter values in request lines or logs), and the zero-setup modes' one-time
// `#token=…` is read from it too.

export interface Route {
  /** The page's path, e.g. `journey`; '' when the fragment names none. */
  page: string;
  params: URLSearchParams;
}

export type ParamChanges = Record<string, string | null | undefined>;

/** `#/heatmap?metric=volume` → heatmap with metric=volume; `#token=…` → no page, token=…. */
export function parseRoute(hash: string): Route {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment.startsWith('/')) return { page: '', params: new URLSearchParams(fragment) };
  const at = fragment.indexOf('?');
  const path = at < 0 ? fragment.slice(1) : fragment.slice(1, at);
  return {
    page: decodeURIComponent(path.replace(/\/+$/, '')),
    params: new URLSearchParams(at < 0 ? '' : fragment.slice(at + 1)),
  };
}

/** The fragment of a page with these parameters, empty values left out, keys in a stable order. */
export function routeHref(page: string, params: URLSearchParams): string {
  const kept = [...params].filter(([, value]) => value !== '');
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = new URLSearchParams(kept).toString();
  return `#/${encodeURIComponent(page)}${query ? `?${query}` : ''}`;
}

/** The parameters with some changed: a null, undefined or '' value removes its key. */
export function withParams(params: URLSearchParams, changes: ParamChanges): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
}

/** Only the named parameters (those every page shares, for links between pages). */
export function pickParams(params: URLSearchParams, keys: readonly string[]): URLSearchParams {
  return new URLSearchParams([...params].filter(([key]) => keys.includes(key)));
}
