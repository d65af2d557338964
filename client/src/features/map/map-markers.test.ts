import { describe, expect, it } from 'vitest';
import { aCard, aService, aUnit } from '@shared/rules/test-fixtures';
import { boardMarkers, caseMarkers, labelOffsets, serviceMarkers, spreadOffsets, unitMarkers } from './map-markers';

const NOW = new Date('2026-12-02T03:00:00Z');
const AT = { lat: 52.41, lng: -1.51 };

describe('what the map draws (R-DISPATCH-NEAREST)', () => {
  it('draws open cases with a position, by reference and priority, and says where in words', () => {
    const placed = { ...aCard({ location: { description: 'Market Square', type: 'public-place', coordinates: AT } }) };
    const closed = { ...placed, id: 'closed', status: 'closed' as const };
    const nowhere = { ...aCard(), id: 'nowhere' };
    const markers = caseMarkers([placed, closed, nowhere]);
    expect(markers).toEqual([
      {
        key: `case:${placed.id}`,
        kind: 'case',
        ...AT,
        text: placed.ref,
        tone: 'map-case priority-urgent',
        label: `Case ${placed.ref}, Urgent: Market Square`,
        caseId: placed.id,
      },
    ]);
  });

  it('draws on-shift units with a position, coloured by status, with the position’s age and an open SOS in words', () => {
    const location = { ...AT, at: '2026-12-02T02:55:00Z', source: 'device' as const };
    const sos = { at: '2026-12-02T02:59:00Z', location: null, acknowledgedBy: null };
    const [free, inTrouble, ...rest] = unitMarkers(
      [
        aUnit({ location }),
        aUnit({ id: 'u2', callSign: 'ST2', status: 'on-scene', location, sos }),
        aUnit({ id: 'u3', callSign: 'ST3', location, isOnShift: false }),
        aUnit({ id: 'u4', callSign: 'ST4' }),
      ],
      NOW,
    );
    expect(rest).toEqual([]);
    expect(free).toMatchObject({
      text: 'ST1',
      tone: 'map-unit status-available',
      label: 'Unit ST1, Available, position 5 min ago',
    });
    expect(inTrouble).toMatchObject({
      tone: 'map-unit status-on-scene sos',
      label: 'Unit ST2, On scene, SOS, position 5 min ago',
    });
  });

  it('draws services with free places, and says when one is closed now or its figure is out of date', () => {
    const open = aService({ id: 's1', kind: 'A20', coordinates: AT });
    const [marker] = serviceMarkers([open, aService({ id: 's2', kind: 'A20', coordinates: null })], NOW);
    expect(marker?.text).toMatch(/^\d+$/);
    expect(marker?.label).toMatch(new RegExp(`^${open.name}: (\\d+ places? free|closed now)`));
  });

  it('draws the board’s map from call signs and references only', () => {
    const markers = boardMarkers(
      {
        units: [{ callSign: 'AMH1', status: 'en-route', ...AT, at: '2026-12-02T02:00:00Z', hasOpenSos: false }],
        cases: [{ caseRef: 'C-1', priority: 'emergency', ...AT }],
      },
      NOW,
    );
    expect(markers.map((m) => m.label)).toEqual(['Unit AMH1, En route, position 1 h 0 min ago', 'Case C-1, Emergency']);
    expect(markers.every((m) => m.caseId === null)).toBe(true);
  });
});

describe('markers that would cover one another are moved apart', () => {
  const box = (x: number, y: number) => ({ x, y, width: 80, height: 20 });

  it('leaves markers that do not touch where they are', () => {
    expect(spreadOffsets([box(0, 0), box(200, 0), box(0, 100)])).toEqual([
      { dx: 0, dy: 0 },
      { dx: 0, dy: 0 },
      { dx: 0, dy: 0 },
    ]);
  });

  it('keeps the most important on its point and moves each next one to the nearest free spot', () => {
    const [first, second, third] = spreadOffsets([box(0, 0), box(5, 3), box(0, 0)]);
    expect(first).toEqual({ dx: 0, dy: 0 });
    // Above would still touch the first (it sits 3 px lower), so below.
    expect(second).toEqual({ dx: 0, dy: 22 });
    expect(third).toEqual({ dx: 0, dy: -22 });
    // No two boxes overlap once moved.
    const moved = [box(0, 0), box(5, 3 + 22), box(0, -22)];
    for (const [i, a] of moved.entries()) {
      for (const b of moved.slice(i + 1)) {
        const apart = Math.abs(a.x - b.x) * 2 >= a.width + b.width || Math.abs(a.y - b.y) * 2 >= a.height + b.height;
        expect(apart).toBe(true);
      }
    }
  });

  it('finds a small box a free spot beside a crowd of wide labels, further out than the first rings', () => {
    const label = (x: number, y: number) => ({ x, y, width: 145, height: 31 });
    const crowd = [label(0, 0), label(10, 48), label(-20, -48), label(60, 24), label(-60, -24)];
    const boxes = [...crowd, { x: 0, y: 10, width: 31, height: 31 }];
    const offsets = spreadOffsets(boxes);
    const moved = boxes.map((b, i) => ({ ...b, x: b.x + (offsets[i]?.dx ?? 0), y: b.y + (offsets[i]?.dy ?? 0) }));
    const small = moved[moved.length - 1]!;
    for (const other of moved.slice(0, -1)) {
      const apart =
        Math.abs(small.x - other.x) * 2 >= small.width + other.width ||
        Math.abs(small.y - other.y) * 2 >= small.height + other.height;
      expect(apart).toBe(true);
    }
  });

  it('keeps a moved marker inside the map when there is room inside', () => {
    // A case label near the top edge: the box behind it goes below, not above and out of the map.
    const offsets = spreadOffsets(
      [
        { x: 100, y: 20, width: 145, height: 31 },
        { x: 100, y: 20, width: 31, height: 31 },
      ],
      { width: 400, height: 200 },
    );
    expect(offsets[1]).toEqual({ dx: 0, dy: 33 });
  });
});

describe('place names are never half hidden under a marker', () => {
  const name = { width: 110, height: 18 };

  it('leaves a name that no marker covers on its point', () => {
    expect(labelOffsets([{ x: 200, y: 300, ...name }], [{ x: 200, y: 100, width: 145, height: 31 }])).toEqual([
      { dx: 0, dy: 0 },
    ]);
  });

  it('moves a name under a case label just below it, or above when below is taken', () => {
    // The name is 18 px tall: it moves in steps of 22 px.
    const caseLabel = { x: 230, y: 96, width: 145, height: 31 };
    expect(labelOffsets([{ x: 200, y: 100, ...name }], [caseLabel])).toEqual([{ dx: 0, dy: 22 }]);
    const below = { x: 200, y: 130, width: 31, height: 31 };
    expect(labelOffsets([{ x: 200, y: 100, ...name }], [caseLabel, below])).toEqual([{ dx: 0, dy: -44 }]);
  });

  it('does not draw a name with no free place near its point', () => {
    const crowd = [-3, -2, -1, 0, 1, 2, 3].map((n) => ({ x: 200, y: 100 + n * 22, width: 200, height: 20 }));
    expect(labelOffsets([{ x: 200, y: 100, ...name }], crowd)).toEqual([null]);
  });
});
