// Filling a mention's missing stage or touchpoint: from the taxonomy's defaults (a delivery complaint is
// fulfilment), then from the neighbouring mention of the same item, then from the arrival channel or source,
// which is a weak hint used only when the whole item names nothing. Every filled tag gets evidence.
import type { Stage, Touchpoint } from '../domain.js';
import type { CompiledTaxonomy, TagKind } from './taxonomy/compile-taxonomy.js';
import type { Evidence } from './types.js';

export interface DraftMention {
  stage: Stage | null;
  touchpoint: Touchpoint | null;
  evidence: Evidence[];
}

function firstEvidence(m: DraftMention, kind: TagKind): Evidence | undefined {
  return m.evidence.find((e) => e.kind === kind);
}

function derived(kind: TagKind, label: string, how: string, from: Evidence | undefined): Evidence {
  return {
    kind,
    rule: `${kind}.${label}.${how}`,
    match: from?.match ?? '',
    start: from?.start ?? 0,
    end: from?.end ?? 0,
  };
}

function fillFromDefaults(taxonomy: CompiledTaxonomy, m: DraftMention): void {
  if (m.stage === null && m.touchpoint !== null) {
    const stage = taxonomy.defaultStageOf.get(m.touchpoint);
    if (stage) {
      m.stage = stage;
      m.evidence.push(derived('stage', stage, `default-for.${m.touchpoint}`, firstEvidence(m, 'touchpoint')));
    }
  }
  if (m.touchpoint === null && m.stage !== null) {
    const touchpoint = taxonomy.defaultTouchpointOf.get(m.stage);
    if (touchpoint) {
      m.touchpoint = touchpoint;
      m.evidence.push(derived('touchpoint', touchpoint, `default-for.${m.stage}`, firstEvidence(m, 'stage')));
    }
  }
}

function fillFromNeighbours(mentions: DraftMention[], kind: TagKind): void {
  const known = mentions.map((m) => (kind === 'stage' ? m.stage : m.touchpoint));
  mentions.forEach((m, i) => {
    if (known[i] !== null) return;
    let j = i - 1;
    while (j >= 0 && known[j] === null) j--;
    if (j < 0) {
      j = i + 1;
      while (j < mentions.length && known[j] === null) j++;
    }
    const source = mentions[j];
    const label = known[j];
    if (source === undefined || label === null || label === undefined) return;
    if (kind === 'stage') m.stage = label as Stage;
    else m.touchpoint = label as Touchpoint;
    m.evidence.push(derived(kind, label, 'context', firstEvidence(source, kind)));
  });
}

function fillFromHints(
  taxonomy: CompiledTaxonomy,
  mentions: DraftMention[],
  channel: string | null | undefined,
  source: string | null | undefined,
): void {
  const values = { channel: channel?.toLowerCase() ?? '', source: source?.toLowerCase() ?? '' };
  const hint = taxonomy.hints.find((h) => values[h.field].includes(h.contains.toLowerCase()));
  if (hint === undefined) return;
  for (const m of mentions) {
    if (m.stage === null && hint.stage) {
      m.stage = hint.stage;
      m.evidence.push({ kind: 'stage', rule: `hint.${hint.id}`, match: '', start: 0, end: 0 });
    }
    if (m.touchpoint === null && hint.touchpoint) {
      m.touchpoint = hint.touchpoint;
      m.evidence.push({ kind: 'touchpoint', rule: `hint.${hint.id}`, match: '', start: 0, end: 0 });
    }
  }
}

/**
 * With the clause model: an item whose every clause names nothing ("Love it!") takes its source's hint where
 * the source says what is reviewed (an app store: the app, as the codebook's "a review of an app points at the
 * app"); the arrival channel says where it arrived, not what it is about, so it does not count here.
 */
export function fillNamelessFromSource(
  taxonomy: CompiledTaxonomy,
  mentions: DraftMention[],
  source: string | null | undefined,
): void {
  if (source == null || mentions.some((m) => m.stage !== null || m.touchpoint !== null)) return;
  fillFromHints(taxonomy, mentions, null, source);
}

/** The taxonomy's fallback, for an item that names nothing at all: every mention gets it. */
function fillFromFallback(taxonomy: CompiledTaxonomy, mentions: DraftMention[]): void {
  const { stage, touchpoint } = taxonomy.fallback;
  const noStage = stage !== undefined && mentions.every((m) => m.stage === null);
  const noTouchpoint = touchpoint !== undefined && mentions.every((m) => m.touchpoint === null);
  for (const m of mentions) {
    if (noStage) {
      m.stage = stage;
      m.evidence.push({ kind: 'stage', rule: 'fallback', match: '', start: 0, end: 0 });
    }
    if (noTouchpoint) {
      m.touchpoint = touchpoint;
      m.evidence.push({ kind: 'touchpoint', rule: 'fallback', match: '', start: 0, end: 0 });
    }
  }
}

/** Fills missing tags in place. */
export function fillMissingTags(
  taxonomy: CompiledTaxonomy,
  mentions: DraftMention[],
  channel: string | null | undefined,
  source: string | null | undefined,
): void {
  for (const m of mentions) fillFromDefaults(taxonomy, m);
  fillFromNeighbours(mentions, 'stage');
  fillFromNeighbours(mentions, 'touchpoint');
  const textNamesStage = mentions.some((m) => m.stage !== null);
  const textNamesTouchpoint = mentions.some((m) => m.touchpoint !== null);
  if (!textNamesStage || !textNamesTouchpoint) fillFromHints(taxonomy, mentions, channel, source);
  for (const m of mentions) fillFromDefaults(taxonomy, m);
  fillFromFallback(taxonomy, mentions);
  for (const m of mentions) fillFromDefaults(taxonomy, m);
}
