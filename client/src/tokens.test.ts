import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The design tokens' colour pairs meet WCAG 2.2 AA contrast in both themes: 4.5:1 for text (every pair
 * here carries text or a marker's label), read from tokens.css itself so a changed colour fails here.
 */
const css = readFileSync(join(import.meta.dirname, 'tokens.css'), 'utf8');

function block(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no ${selector} block in tokens.css`);
  const body = css.slice(start, css.indexOf('}', start));
  const pairs: [string, string][] = [...body.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map((m) => [
    m[1] ?? '',
    m[2] ?? '',
  ]);
  return Object.fromEntries(pairs);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

const shared = block(':root');
const themes = {
  dark: { ...shared, ...block("[data-theme='dark']") },
  light: { ...shared, ...block("[data-theme='light']") },
};

/** [foreground, background]: what is drawn on what, anywhere in the product. */
const PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'panel'],
  ['text', 'panel-2'],
  ['muted', 'panel'],
  ['muted', 'bg'],
  ['accent', 'panel'],
  ['accent-text', 'accent'],
  ['danger', 'panel'],
  ['warn-text', 'warn-bg'],
  ['text', 'note-bg'],
  // Priority colours are text on a panel (queue chips) and the fill of a case's map marker.
  ...(['emergency', 'very-urgent', 'urgent', 'routine'] as const).flatMap((p): [string, string][] => [
    [p, 'panel'],
    ['accent-text', p],
  ]),
  // A unit's map marker: its call sign on its status colour.
  ['status-ink', 'status-free'],
  ['status-ink', 'status-busy'],
  ['status-ink', 'status-off'],
  ['critical-text', 'critical-bg'],
];

describe('design tokens: contrast in both themes (WCAG 2.2 AA, 4.5:1 for text)', () => {
  for (const [theme, tokens] of Object.entries(themes)) {
    it(`${theme}: every text colour on the colour it is drawn on`, () => {
      const failing = PAIRS.flatMap(([fg, bg]) => {
        const f = tokens[fg];
        const b = tokens[bg];
        if (!f || !b) return [`${fg} on ${bg}: not defined`];
        const ratio = contrast(f, b);
        return ratio >= 4.5 ? [] : [`${fg} ${f} on ${bg} ${b}: ${ratio.toFixed(2)}:1`];
      });
      expect(failing).toEqual([]);
    });
  }

  it('checks real contrast (black on white is 21:1, a colour on itself 1:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#b3261e', '#b3261e')).toBe(1);
  });
});
