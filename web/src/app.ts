// The dashboard shell: reads the page and its state from the URL fragment, mounts the page from its
// template, keeps the navigation in step, and redraws on every change of the address.
import { type Filters, getJson, savedToken } from './api.js';
import { byId, el } from './dom.js';
import type { Page, PageView } from './pages/page.js';
import { parseRoute, pickParams, routeHref, withParams } from './router.js';
import { explain } from './status.js';

export interface App {
  /** Draws the current address again (after a new token: the filters are fetched anew). */
  refresh(): void;
}

/** The navigation: a link per page, carrying the parameters both pages share; the current one marked. */
function drawNav(nav: HTMLElement, pages: readonly Page[], active: Page, params: URLSearchParams): void {
  const shared = pickParams(params, active.shared ?? []);
  nav.replaceChildren(
    ...pages.map((p) => {
      const link = el('a', { href: routeHref(p.path, pickParams(shared, p.shared ?? [])) }, p.title);
      if (p === active) link.setAttribute('aria-current', 'page');
      return el('li', {}, link);
    }),
  );
}

export function startApp(pages: readonly Page[]): App {
  const main = byId('page');
  const nav = byId('nav');
  let mounted: { page: Page; view: PageView } | null = null;
  let filters: Promise<Filters> | null = null;

  const say = (text: string, error = false) => {
    const line = main.querySelector<HTMLElement>('#status');
    if (!line) return;
    line.textContent = text;
    line.classList.toggle('error', error);
  };
  const current = () => {
    const route = parseRoute(location.hash);
    const page = pages.find((p) => p.path === route.page) ?? pages[0]!;
    return { page, params: route.params };
  };

  function mount(page: Page): PageView {
    mounted?.view.unmount?.();
    const template = byId<HTMLTemplateElement>(`page-${page.path}`);
    main.replaceChildren(template.content.cloneNode(true));
    document.title = `${page.title} — painmap`;
    const view = page.mount(main, {
      say,
      filters: () =>
        (filters ??= getJson<Filters>('/v1/filters').catch((error) => {
          filters = null;
          throw error;
        })),
      navigate(changes) {
        const next = withParams(current().params, changes);
        history.replaceState(null, '', routeHref(page.path, next));
        render();
      },
    });
    mounted = { page, view };
    return view;
  }

  function render(): void {
    const { page, params } = current();
    const view = mounted?.page === page ? mounted.view : mount(page);
    drawNav(nav, pages, page, params);
    if (!savedToken()) {
      say('Enter a token to load the dashboard.');
      return;
    }
    Promise.resolve(view.update(params)).catch((error) => say(explain(error), true));
  }

  addEventListener('hashchange', render);
  render();
  return {
    refresh() {
      filters = null;
      if (mounted) mount(mounted.page);
      render();
    },
  };
}
