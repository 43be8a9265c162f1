// Pure: a move summary as the plain-text tables `painmap retag` and `painmap taxonomy diff` print.
import type { Cell, MoveSummary } from './cell-moves.js';

const nameOf = (cell: Cell | null) => (cell ? `${cell.stage} × ${cell.touchpoint}` : '(no mention)');
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function formatMoveSummary(summary: MoveSummary, top = 15): string[] {
  const { items, mentions } = summary;
  const lines = [
    `items: ${items.examined} examined, ${items.changed} with other cells or sentiment, ${items.unchanged} the same`,
    `mentions: ${mentions.before} before, ${mentions.after} after; ${mentions.stayed} kept their cell, ` +
      `${mentions.moved} moved, ${mentions.added} added, ${mentions.removed} removed`,
  ];
  lines.push(...formatMoves(summary, top), ...formatCells(summary, top));
  if (summary.sentiment.length > 0) {
    const changes = summary.sentiment.map((s) => `${s.from} → ${s.to} ${s.items}`).join(', ');
    lines.push(`item sentiment changes: ${changes}`);
  }
  return lines;
}

function formatMoves(summary: MoveSummary, top: number): string[] {
  if (summary.moves.length === 0) return ['no mention changed cell'];
  const shown = summary.moves.slice(0, top);
  const width = String(shown[0]?.mentions ?? 0).length;
  const fromWidth = Math.max(...shown.map((m) => nameOf(m.from).length));
  const more = summary.moves.length > shown.length ? ` (top ${shown.length} of ${summary.moves.length})` : '';
  return [
    `mentions moved between cells${more}:`,
    ...shown.map(
      (m) => `  ${String(m.mentions).padStart(width)}  ${nameOf(m.from).padEnd(fromWidth)} → ${nameOf(m.to)}`,
    ),
  ];
}

function formatCells(summary: MoveSummary, top: number): string[] {
  const changed = summary.cells.filter((c) => c.before !== c.after);
  if (changed.length === 0) return [];
  const shown = changed.slice(0, top);
  const nameWidth = Math.max(...shown.map((c) => nameOf(c).length));
  const beforeWidth = Math.max(...shown.map((c) => String(c.before).length));
  const afterWidth = Math.max(...shown.map((c) => String(c.after).length));
  const more = changed.length > shown.length ? ` (top ${shown.length} of ${changed.length})` : '';
  return [
    `cells whose mention count changed${more}, before → after:`,
    ...shown.map(
      (c) =>
        `  ${nameOf(c).padEnd(nameWidth)}  ${String(c.before).padStart(beforeWidth)} → ` +
        `${String(c.after).padStart(afterWidth)}  (${signed(c.after - c.before)})`,
    ),
  ];
}
