// Accent- and case-folding of words, so a pack's "entrega" matches "Entrégalo" and "Gebühr" matches "GEBUHR".

const MARKS = /\p{M}+/gu;

/** Lower case, accents removed, ß → ss, and typographic apostrophes made plain. */
export function foldWord(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(MARKS, '').replace(/ß/g, 'ss').replace(/’/g, "'");
}
