// The pages of the reports that exist in the CLI and the API: ranked pain points (`#/pain-points`),
// emerging alerts (`#/alerts`), interventions (`#/interventions`) and verbatim search (`#/search`).
// Each is a table (or list) of one endpoint with the heatmap's source and segment filters, its state
// in the address, a CSV download, and each cell linked to the heatmap's trend and quotes.
import type { Alerts, Interval, InterventionEffect, PainPoints, Search } from '../api.js';
import { el, highlighted } from '../dom.js';
import { cellHref, cellLink, num, pct, quoteNode, reportTable, signedNum, td } from '../report-table.js';
import { routeHref, withParams } from '../router.js';
import { reportPage } from './report-page.js';

const filters = (params: URLSearchParams) => ({
  source: params.get('source') || undefined,
  segment: params.get('segment') || undefined,
});
const ci = (i: Interval | null, show: (n: number) => string) =>
  i ? `${show(i.low)} … ${show(i.high)}` : '–';
const pp = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : ''}${Math.abs(n * 100).toFixed(1)} pp`;
const p = (n: number) => (n < 0.0001 ? n.toExponential(1) : n.toFixed(4));

export const painPointsPage = reportPage<PainPoints>({
  path: 'pain-points',
  title: 'Pain points',
  api: '/v1/pain-points',
  csv: 'pain-points',
  keys: ['asof'],
  query: (params) => ({ to: params.get('asof') || undefined, top: '20', ...filters(params) }),
  render(report, params) {
    const arrow = { worse: '▲ worse', better: '▼ better', steady: '■ steady' } as const;
    const rows = report.painPoints.map((x) =>
      el(
        'tr',
        { 'data-stage': x.stage, 'data-touchpoint': x.touchpoint, 'data-rank': String(x.rank) },
        td(String(x.rank), true),
        el(
          'th',
          { scope: 'row' },
          cellLink(
            cellHref(params, x.stage, x.touchpoint, { bucket: 'week', from: report.period!.from }),
            x.stage,
            x.touchpoint,
          ),
        ),
        el('td', { class: 'num impact' }, num(x.impact)),
        td(ci(x.impactCi, num), true),
        el(
          'td',
          { 'data-direction': x.trend.direction },
          `${arrow[x.trend.direction]} ${signedNum(x.trend.change)} (${ci(x.trend.ci, signedNum)})`,
        ),
        td(`${x.negative} of ${x.mentions} (${pct(x.negativeRate)})`, true),
        td(`${x.reach.customers} of ${x.reach.ofCustomers}`, true),
        td(x.phrases.map((f) => f.phrase).join(', ') || '–'),
        el('td', { class: 'quote' }, quoteNode(x.quotes[0])),
      ),
    );
    const period = report.period;
    return {
      view: reportTable(
        'pain-points',
        period
          ? `Pain points ${period.from} … ${period.to}, trend against ${report.previous?.from} … ${report.previous?.to}`
          : 'Pain points',
        [
          'Rank',
          'Pain point (stage × touchpoint)',
          'Impact (negative mentions × severity × stage weight)',
          'Impact, 95% interval',
          'Trend against the week before (impact, 95% interval)',
          'Negative of mentions',
          'Reach (customers)',
          'Top phrases',
          'Quote (evidence words marked)',
        ],
        rows,
        'No negative mentions in this period.',
      ),
      status: period
        ? `Week ${period.from} … ${period.to}: ${report.painPoints.length} pain points.`
        : 'No data yet: upload a file or send items.',
    };
  },
});

export const alertsPage = reportPage<Alerts>({
  path: 'alerts',
  title: 'Alerts',
  api: '/v1/alerts',
  csv: 'alerts',
  keys: ['bucket', 'asof'],
  query: (params) => ({
    bucket: params.get('bucket') || undefined,
    to: params.get('asof') || undefined,
    ...filters(params),
  }),
  render(r, params) {
    const rows = r.alerts.map((a) =>
      el(
        'tr',
        { 'data-stage': a.stage, 'data-touchpoint': a.touchpoint },
        el(
          'th',
          { scope: 'row' },
          cellLink(
            cellHref(
              params,
              a.stage,
              a.touchpoint,
              r.period ? { bucket: r.bucket, from: r.period.from } : undefined,
            ),
            a.stage,
            a.touchpoint,
          ),
        ),
        td(a.test === 'share' ? 'negative share' : 'negative volume'),
        td(`${a.negative} of ${a.mentions}`, true),
        td(`${pct(a.negativeShare)} (baseline ${pct(a.baselineNegativeShare)})`, true),
        td(a.expectedNegative.toFixed(1), true),
        el('td', { class: 'num impact' }, a.rateRatio === null ? '∞' : a.rateRatio.toFixed(2)),
        td(p(a.pValue), true),
        td(p(a.qValue), true),
        el('td', { class: 'quote' }, quoteNode(a.examples[0])),
      ),
    );
    const period =
      r.period && r.baseline
        ? `${r.bucket} ${r.period.from} … ${r.period.to} against ${r.baseline.from} … ${r.baseline.to}`
        : '';
    return {
      view: reportTable(
        'alerts',
        `Emerging pain points${period ? `, ${period}` : ''}`,
        [
          'Cell (stage × touchpoint)',
          'Test',
          'Negative of mentions',
          'Share negative (baseline)',
          `Expected negative per ${r.bucket}`,
          'Rate ratio (effect size)',
          'p',
          'q (false discovery rate)',
          'Example',
        ],
        rows,
        r.note ? `Nothing tested: ${r.note}.` : 'No cell rose against its baseline.',
      ),
      status: period
        ? `${period}: ${r.tested} cells tested, ${r.alerts.length} alert(s) at a false discovery rate of ${r.fdr}.`
        : `No alerts as of ${r.asOf}: ${r.note ?? 'nothing to test'}.`,
    };
  },
});

const rate = (g: InterventionEffect['target']) =>
  `${pct(g.before.negativeRate)} (${g.before.negative}/${g.before.mentions}) → ${pct(g.after.negativeRate)} (${g.after.negative}/${g.after.mentions}): ${g.change ? `${pp(g.change.estimate)} [${ci(g.change, pp)}]` : '–'}`;

export const interventionsPage = reportPage<{ interventions: InterventionEffect[] }>({
  path: 'interventions',
  title: 'Interventions',
  api: '/v1/interventions',
  csv: 'interventions',
  keys: [],
  query: filters,
  render(report, params) {
    const rows = report.interventions.map((e) => {
      const iv = e.intervention;
      const did = e.differenceInDifferences;
      return el(
        'tr',
        { 'data-name': iv.name, 'data-verdict': e.verdict },
        el('th', { scope: 'row' }, iv.name),
        el('td', {}, cellLink(cellHref(params, iv.stage, iv.touchpoint), iv.stage, iv.touchpoint)),
        td(`${iv.effectiveDay} (${e.before.from} … ${e.before.to} → ${e.after.from} … ${e.after.to})`),
        td(rate(e.target)),
        td(rate(e.control)),
        el('td', { class: 'num impact' }, did ? `${pp(did.estimate)} [${ci(did, pp)}]` : '–'),
        td(e.verdict),
      );
    });
    return {
      view: reportTable(
        'interventions',
        'Interventions: negative rate before → after, 95% intervals',
        [
          'Intervention',
          'Cell',
          'Effective (before → after windows)',
          'Targeted cells',
          'Untouched cells (control)',
          'Net of drift (difference in differences)',
          'Verdict',
        ],
        rows,
        'No interventions yet: record one with `painmap intervention add`.',
      ),
      status: `${report.interventions.length} intervention(s).`,
    };
  },
});

export const searchPage = reportPage<Search>({
  path: 'search',
  title: 'Search',
  api: '/v1/search',
  csv: 'search',
  keys: ['q', 'from', 'to'],
  ready: (params) => Boolean(params.get('q')?.trim()),
  query: (params) => ({
    q: params.get('q') ?? '',
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
    page: params.get('page') || undefined,
    ...filters(params),
  }),
  render(s, params) {
    const first = (s.page - 1) * s.pageSize;
    const items = s.results.map((r, i) =>
      el(
        'li',
        { class: 'quote result', value: String(first + i + 1), 'data-id': r.externalId },
        el(
          'p',
          {},
          r.cut.start ? '… ' : '',
          ...highlighted(
            r.text,
            r.highlights.map((h) => ({ ...h, kind: 'match' })),
          ),
          r.cut.end ? ' …' : '',
        ),
        el(
          'span',
          { class: 'meta' },
          `${r.source} · ${r.externalId} · ${r.day} · ${r.sentiment.label} (${r.sentiment.score.toFixed(2)}) · `,
          cellLink(cellHref(params, r.stage, r.touchpoint), r.stage, r.touchpoint),
        ),
      ),
    );
    const pages = Math.max(1, Math.ceil(s.total / s.pageSize));
    const pageLink = (page: number, text: string) =>
      el(
        'a',
        {
          href: routeHref('search', withParams(params, { page: page === 1 ? null : String(page) })),
          rel: page < s.page ? 'prev' : 'next',
        },
        text,
      );
    const view = el(
      'div',
      { 'data-total': String(s.total), 'data-page': String(s.page) },
      el('ol', { class: 'quotes results', start: String(first + 1) }, ...items),
      el(
        'nav',
        { class: 'pager', 'aria-label': 'Result pages' },
        ...(s.page > 1 ? [pageLink(s.page - 1, '← Previous')] : []),
        ` Page ${s.page} of ${pages} `,
        ...(s.page < pages ? [pageLink(s.page + 1, 'Next →')] : []),
      ),
    );
    const shown = s.results.length === 0 ? 'none on this page' : `${first + 1}–${first + s.results.length}`;
    const count = s.totalCapped ? `More than ${s.total.toLocaleString('en-US')}` : String(s.total);
    const ranked = s.totalCapped
      ? `best of the newest ${s.total.toLocaleString('en-US')} first`
      : 'best first';
    return { view, status: `${count} items match ${s.tsquery} (${shown}, ${ranked}).` };
  },
});
