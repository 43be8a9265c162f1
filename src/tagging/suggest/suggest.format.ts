// Pure: `painmap taxonomy suggest` as a readable list, and a taxonomy file laid out like the built-in one
// (one rule a line), so a reviewer can read, edit and diff it.
import type { Taxonomy } from '../taxonomy/schema.js';
import type { ClassChoice, Proposal } from './propose-rules.js';
import type { ScanCount, SuggestReport } from './suggest-rules.js';

const percent = (share: number) => `${Math.round(share * 100)}%`;

function describeClass(kind: 'stage' | 'touchpoint', choice: ClassChoice): string {
  if (choice.label !== null)
    return `${kind} ${choice.label} (${percent(choice.share)} of the ${kind}s named with these words)`;
  if (choice.top === null) return `${kind}: choose (no clause with these words names one)`;
  return `${kind}: choose (most often ${choice.top}, ${percent(choice.share)})`;
}

function describeScan(kind: string, count: ScanCount, cap: number): string {
  const cut = count.capped ? `the newest ${count.read}` : `${count.read}`;
  const notes = [
    ...(count.withoutWords > 0 ? [`${count.withoutWords} with no word to count`] : []),
    ...(count.capped ? [`--scan ${cap}: older ones not read`] : []),
  ];
  return `${cut} ${kind}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

function formatProposal(p: Proposal, rank: number): string[] {
  const pad = ' '.repeat(String(rank).length + 2);
  const words = p.terms.map((t) => `${t.term} ${t.clauses}/${t.tagged}`).join(', ');
  return [
    `${rank}. ${p.id}: ${p.clauses} clauses in ${p.items} items, score ${p.score.toFixed(1)}`,
    `${pad}${describeClass('stage', p.stage)}; ${describeClass('touchpoint', p.touchpoint)}`,
    `${pad}match: ${p.match.map((m) => JSON.stringify(m)).join(', ')}`,
    `${pad}words (mined/tagged clauses): ${words}`,
    ...p.examples.map((e, i) => `${pad}${i === 0 ? 'e.g.' : '    '} #${e.itemId} ${JSON.stringify(e.text)}`),
  ];
}

/** The report as lines of text, best proposal first. */
export function formatSuggestReport(report: SuggestReport): string[] {
  const { scan } = report;
  const lines = [
    `taxonomy suggest against ${report.taxonomy.version}${report.since ? `, items received since ${report.since}` : ''} (read-only: nothing was changed)`,
    `read: ${describeScan('clauses that fell to unknown or the fallback', scan.mined, scan.cap)}`,
    `      ${describeScan('tagged clauses to compare with', scan.tagged, scan.cap)}`,
  ];
  const others = report.minedVersions.filter((v) => v.version !== report.taxonomy.version);
  if (others.length > 0)
    lines.push(
      `note: mined clauses tagged with another taxonomy: ${others.map((v) => `${v.clauses} with ${v.version}`).join(', ')} ` +
        '(retag them with this taxonomy first to see only what it still lacks)',
    );
  if (report.proposals.length === 0) {
    lines.push('no proposals: no word the taxonomy lacks occurs in enough of those clauses (--min-count)');
    return lines;
  }
  report.proposals.forEach((p, i) => {
    lines.push('', ...formatProposal(p, i + 1));
  });
  lines.push(
    '',
    'Review them: `painmap taxonomy suggest --format taxonomy > new.json` writes this taxonomy with the rules added',
    '(version "+suggested"); edit, then `painmap taxonomy diff` and `painmap retag` as usual.',
  );
  return lines;
}

/** A value on one line, with the spaces the built-in taxonomy file uses. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}

/** Objects spread over lines down to the rule lists, whose items take one line each. */
function layout(value: unknown, indent: string, key: string | null): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (key !== 'rules' && key !== 'hints') return inline(value);
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + inline(v)).join(',\n')}\n${indent}]`;
  }
  if (value === null || typeof value !== 'object' || key === 'fallback') return inline(value);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, inner, k)}`);
  return `{\n${body.join(',\n')}\n${indent}}`;
}

/** A taxonomy as JSON text laid out like default-taxonomy.json. */
export function formatTaxonomy(taxonomy: Taxonomy): string {
  return `${layout(taxonomy, '', null)}\n`;
}
