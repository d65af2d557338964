/**
 * "1 card", "2 cards": a count with its noun in the right number, for every message and label. `many`
 * is for nouns that do not just add an s ("emergency", "emergencies").
 */
export const countOf = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
