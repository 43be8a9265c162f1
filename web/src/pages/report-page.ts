// A page that shows one report of the API as a table: its controls (`#<path>-<key>` for each key of
// its URL state, plus a source and a segment picker) write the address, the address is the whole
// state (a link or a reload shows the same view), and "Download CSV" saves the same rows from the
// API's `?format=csv`. The pain-point, alert, intervention and search pages are each one spec.
import { downloadCsv, getJson } from '../api.js';
import { byId } from '../dom.js';
import { explain } from '../status.js';
import { choose, fillFilterChoices, segmentLabel } from './filter-choices.js';
import type { Page, PageContext } from './page.js';

export interface ReportSpec<T> {
  path: string;
  title: string;
  /** The endpoint, e.g. /v1/pain-points, and the name of its CSV download. */
  api: string;
  csv: string;
  /** URL state kept in a control of the same name (`#<path>-<key>`), besides source and segment. */
  keys: readonly string[];
  /** The API query for the address. */
  query(params: URLSearchParams): Record<string, string | undefined>;
  /** Whether the address asks for anything yet (the search page waits for words). */
  ready?(params: URLSearchParams): boolean;
  /** The table (or list) of the report, and the status line. */
  render(data: T, params: URLSearchParams): { view: HTMLElement; status: string };
}

const control = (path: string, key: string) => byId<HTMLInputElement | HTMLSelectElement>(`${path}-${key}`);

function syncControls(spec: ReportSpec<unknown>, params: URLSearchParams): void {
  for (const key of spec.keys) {
    const node = control(spec.path, key);
    if (node instanceof HTMLSelectElement) choose(node, params.get(key) ?? node.options[0]?.value ?? '');
    else node.value = params.get(key) ?? '';
  }
  choose(control(spec.path, 'source') as HTMLSelectElement, params.get('source') ?? '');
  const segment = params.get('segment') ?? '';
  choose(control(spec.path, 'segment') as HTMLSelectElement, segment, segmentLabel(segment));
}

export function reportPage<T>(spec: ReportSpec<T>): Page {
  function mount(_root: HTMLElement, ctx: PageContext) {
    let requests = 0;
    let choices: Promise<void> | null = null;
    let shown = new URLSearchParams();
    const form = byId<HTMLFormElement>(`${spec.path}-controls`);
    // A new choice starts again at the first page of results.
    for (const key of [...spec.keys, 'source', 'segment']) {
      control(spec.path, key).addEventListener('change', () =>
        ctx.navigate({ [key]: control(spec.path, key).value, page: null }),
      );
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      ctx.navigate(
        Object.fromEntries(
          [...spec.keys, 'page'].map((k) => [k, k === 'page' ? null : control(spec.path, k).value]),
        ),
      );
    });
    const csv = byId<HTMLButtonElement>(`${spec.path}-csv`);
    csv.addEventListener('click', () => {
      downloadCsv(spec.api, spec.query(shown), spec.csv).catch((error) => ctx.say(explain(error), true));
    });

    return {
      async update(params: URLSearchParams) {
        const request = ++requests;
        const ready = spec.ready?.(params) ?? true;
        csv.disabled = !ready;
        choices ??= fillFilterChoices(
          ctx,
          [control(spec.path, 'source') as HTMLSelectElement],
          [control(spec.path, 'segment') as HTMLSelectElement],
        );
        if (!ready) {
          await choices;
          syncControls(spec as ReportSpec<unknown>, params);
          byId(`${spec.path}-report`).replaceChildren();
          ctx.say('Type the words to look for.');
          return;
        }
        ctx.say('Loading…');
        const loading = getJson<T>(spec.api, spec.query(params));
        loading.catch(() => {}); // a failure is reported by the router, once
        await choices;
        syncControls(spec as ReportSpec<unknown>, params);
        const data = await loading;
        if (request !== requests) return; // a later change is on its way
        shown = params;
        const { view, status } = spec.render(data, params);
        const report = byId(`${spec.path}-report`);
        report.replaceChildren(view);
        report.setAttribute('data-loaded', String(request));
        ctx.say(status);
      },
    };
  }
  return { path: spec.path, title: spec.title, shared: ['source', 'segment'], mount };
}
