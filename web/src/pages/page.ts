// What a dashboard page is: a template in index.html, and a view that draws the state its URL holds.
// A new page (e.g. key drivers) is one module exporting a Page, one <template id="page-…"> and one
// line in pages/index.ts; the router, the navigation and the token handling need no change.
import type { Filters } from '../api.js';
import type { ParamChanges } from '../router.js';

export interface PageContext {
  /** Changes this page's URL state (the address is replaced, not pushed) and redraws. */
  navigate(changes: ParamChanges): void;
  /** Sources, segment values and the range of days with data (fetched once per token). */
  filters(): Promise<Filters>;
  /** The page's status line. */
  say(text: string, error?: boolean): void;
}

export interface PageView {
  /** Draws the state held by these parameters (the whole state: a deep link restores it). */
  update(params: URLSearchParams): Promise<void> | void;
  unmount?(): void;
}

export interface Page {
  /** The path in `#/<path>?…`. */
  path: string;
  /** The navigation label and the document title. */
  title: string;
  /** Parameters this page shares with the others, kept in the navigation links. */
  shared?: readonly string[];
  mount(root: HTMLElement, ctx: PageContext): PageView;
}
