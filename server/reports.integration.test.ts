import { afterEach, describe, expect, it } from 'vitest';
import type { TCaseCreateRequest, TCommandResult } from '@shared/schemas/case';
import type { THomeOfficeValidation, TReport } from '@shared/schemas/report';
import { aRegistration, commandId, expectJson, newCard, startTestServer, type TTestServer } from './test-support';

let server: TTestServer;
afterEach(async () => {
  await server.close();
});

const clock = { now: Date.parse('2026-05-10T12:00:00Z') };
const at = (iso: string) => {
  clock.now = Date.parse(iso);
  return iso;
};

async function start() {
  server = await startTestServer({ now: () => new Date(clock.now) });
  return {
    police: await server.login('police-officer'),
    operator: await server.login('operator'),
    manager: await server.login('duty-manager'),
    commissioner: await server.login('commissioner'),
  };
}

type TCookies = Awaited<ReturnType<typeof start>>;

async function post(cookie: string, path: string, body: object, status = 200) {
  const res = await server.http(cookie, path, { method: 'POST', body: { commandId: commandId(), ...body } });
  return (await expectJson<TCommandResult>(res, status)).card;
}

/** A detention through the real commands, each at its own time (UK times in the comments). */
async function detention(
  c: TCookies,
  o: {
    calledAt: string;
    person: Partial<TCaseCreateRequest['person']>;
    place?: 'health-based-suite' | 'emergency-department';
    transport?: object;
    end?: boolean;
  },
) {
  at(o.calledAt);
  let card = await post(
    c.police,
    '/cases',
    newCard({ channel: 'police', person: { ...newCard().person, ...o.person } }),
    201,
  );
  const t = Date.parse(o.calledAt);
  const later = (minutes: number) => at(new Date(t + minutes * 60_000).toISOString());
  later(10);
  card = await post(c.police, `/cases/${card.id}/detention`, {
    expectedVersion: card.version,
    power: 's136',
    officer: { name: 'PC Dan Hollis', collarNumber: '4471' },
    decidedAt: new Date(t + 10 * 60_000).toISOString(),
    place: 'public-place',
    consultation: { kind: 'consulted', profession: 'nurse', name: 'Tess Marlow' },
    keptAtPlaceOfSafety: false,
  });
  later(15);
  card = await post(c.police, `/cases/${card.id}/detention/place-of-safety`, {
    expectedVersion: card.version,
    kind: o.place ?? 'health-based-suite',
    name: 'Willowbank',
    transport: o.transport ?? { mode: 'ambulance' },
    policeStation: null,
    ageStatement: null,
  });
  if (o.end !== false) {
    later(300);
    card = await post(c.operator, `/cases/${card.id}/detention/end`, {
      expectedVersion: card.version,
      outcome: 'informal-admission',
      note: '',
    });
  }
  return card;
}

const report = async (cookie: string, query: string) =>
  expectJson<TReport>(await server.http(cookie, `/reports?${query}`));

describe('reports (R-REPORT-ACCESS, R-REPORT-SDC, R-HO-RETURN)', () => {
  it('R-REPORT-ACCESS: a commissioner receives aggregates only: no name, reference, id or free text anywhere', async () => {
    const c = await start();
    const canaries = { name: 'Zebediah Canarywood', nhsNumber: '9434765919', postcode: 'ZZ9 9ZZ' };
    const card = await detention(c, { calledAt: '2026-05-02T21:00:00.000Z', person: canaries });
    at('2026-05-10T12:00:00.000Z');

    const seen = await server.http(c.commissioner, '/reports?period=month&date=2026-05-02');
    const text = await seen.text();
    expect(seen.status).toBe(200);
    for (const canary of [
      canaries.name,
      'Canarywood',
      canaries.nhsNumber,
      'ZZ9',
      card.ref,
      card.id,
      'Willowbank',
      'Hollis',
    ])
      expect(text).not.toContain(canary);
    const r = JSON.parse(text) as TReport;
    expect(r.disclosureControlled).toBe(true);
    expect(r.detentions.total).toEqual({ value: null, shown: '<5' });
    expect(text).not.toContain('"drill":{');

    // The cards behind a figure and the return are the duty manager's.
    const drill = `/reports/cards?period=month&date=2026-05-02&set=detentions&where=${encodeURIComponent('{}')}`;
    expect((await server.http(c.commissioner, drill)).status).toBe(403);
    expect((await server.http(c.commissioner, '/reports/home-office-return.csv?year=2026')).status).toBe(403);
    expect((await server.http(c.operator, '/reports?period=month')).status).toBe(403);
    expect((await server.http(c.commissioner, '/cases')).status).toBe(403);

    const exact = await report(c.manager, 'period=month&date=2026-05-02');
    expect(exact.detentions.total).toEqual({ value: 1, shown: '1' });
    const listed = await expectJson<{ cards: { ref: string }[] }>(await server.http(c.manager, drill));
    expect(listed.cards.map((x) => x.ref)).toEqual([card.ref]);
  });

  it('R-REPORT-FACTS: the report sees a change in the same transaction, and a rebuild from the event log gives the same figures', async () => {
    const c = await start();
    await detention(c, { calledAt: '2026-05-03T09:00:00.000Z', person: { ethnicity: 'N' } });
    await detention(c, { calledAt: '2026-05-04T09:00:00.000Z', person: { ethnicity: 'A' }, end: false });
    const before = await report(c.manager, 'period=month&date=2026-05-03');
    expect(before.detentions.total.value).toBe(2);
    const black = before.inequalities[0]?.measures
      .find((m) => m.key === 'detentions')
      ?.rows.find((x) => x.group === 'Black');
    expect(black?.count.value).toBe(1);
    expect(await server.app.services.store.reports.rebuild()).toBe(2);
    const after = await report(c.manager, 'period=month&date=2026-05-03');
    expect({ ...after, generatedAt: '' }).toEqual({ ...before, generatedAt: '' });
  });

  it('R-REPORT-CAPACITY: a place sought while another café was full is counted against it, with occupancy, and survives a rebuild', async () => {
    at('2026-05-05T09:00:00.000Z');
    const c = await start();
    const register = async (name: string, adult: number) => {
      const body = aRegistration({ name, places: { adult, under18: 0 } });
      await expectJson(await server.http(c.manager, '/services', { method: 'POST', body }), 201);
      return body.serviceId;
    };
    at('2026-05-05T09:02:00.000Z');
    const small = await register('Quayside Café', 1);
    const large = await register('Lantern Safe Haven', 3);
    const hold = async (serviceId: string, caseId: string) =>
      expectJson(
        await server.http(c.operator, `/services/${serviceId}/holds`, {
          method: 'POST',
          body: { commandId: commandId(), serviceId, holdId: crypto.randomUUID(), caseId, category: 'adult' },
        }),
        201,
      );
    at('2026-05-05T09:05:00.000Z');
    await hold(small, (await post(c.operator, '/cases', newCard(), 201)).id);
    // The Quayside's one place is held: when the next person needs a place, it is full.
    at('2026-05-05T09:10:00.000Z');
    await hold(large, (await post(c.operator, '/cases', newCard(), 201)).id);
    at('2026-05-05T09:31:00.000Z');

    const r = await report(c.manager, 'period=day&date=2026-05-05');
    expect(r.turnAways.whenSought.sought.value).toBe(2);
    expect(r.turnAways.whenSought.services).toEqual([
      {
        key: small,
        label: 'Quayside Café',
        // Listed once when a place was sought elsewhere (its own hold is not counted against it), and full then.
        sought: { value: 1, shown: '1' },
        full: { value: 1, shown: '1' },
        stale: { value: 0, shown: '0' },
      },
    ]);
    // By hour of the UK day: before 10:00 BST no service was listed; at 10:30 two of four places held.
    expect(r.turnAways.occupancy.bucket).toBe('hour');
    expect(r.turnAways.occupancy.points[9]?.alternatives.mean).toBeNull();
    expect(r.turnAways.occupancy.points[10]?.alternatives).toEqual({ mean: 50, peak: 50 });

    expect(await server.app.services.store.reports.rebuild()).toBe(2);
    const after = await report(c.manager, 'period=day&date=2026-05-05');
    expect({ ...after, generatedAt: '' }).toEqual({ ...r, generatedAt: '' });
  });

  it('R-HO-RETURN: the file for a fixture year matches the expected file byte for byte, and validation lists exactly the incomplete detentions', async () => {
    const c = await start();
    // 1 May 2025 22:10 BST; 10 Jan 2026 03:10 GMT; one in the year after (not in the file).
    await detention(c, {
      calledAt: '2025-05-01T21:00:00.000Z',
      person: { age: { kind: 'age', years: 17 }, sex: 'male', ethnicity: 'M' },
    });
    const running = await detention(c, {
      calledAt: '2026-01-10T03:00:00.000Z',
      person: { age: { kind: 'age', years: 44 }, sex: 'female', ethnicity: '99' },
      place: 'emergency-department',
      transport: { mode: 'police-vehicle', reason: 'ambulance-diverted' },
      end: false,
    });
    await detention(c, { calledAt: '2026-04-02T10:00:00.000Z', person: { sex: 'female' } });
    at('2026-05-10T12:00:00.000Z');
    // The clock moved through a year: a fresh session, as the duty manager logging in that morning.
    c.manager = await server.login('duty-manager');

    const res = await server.http(c.manager, '/reports/home-office-return.csv?year=2025');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('mha-s136-s135-return-2025-26.csv');
    expect(await res.text()).toBe(
      [
        '"Power","Date detained","Time detained (UK)","Age","Under 18","Sex","Ethnicity","First place of safety","Method of transport to first place of safety","Reason a police vehicle was used","Arrested for a substantive offence (police station)"',
        '"Section 136","2025-05-01","22:10","17","Yes","Male","Black","Health-based place of safety","Ambulance","",""',
        '"Section 136","2026-01-10","03:10","44","No","Female","Not known","A&E","Police vehicle","Ambulance diverted to a higher-priority call",""',
        '',
      ].join('\r\n'),
    );
    const xlsx = await server.http(c.manager, '/reports/home-office-return.xlsx?year=2025');
    expect(xlsx.status).toBe(200);
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));

    const validation = await expectJson<THomeOfficeValidation>(
      await server.http(c.manager, '/reports/home-office-return/validation?year=2025'),
    );
    expect(validation.detentions).toBe(2);
    expect(validation.incomplete).toEqual([
      {
        caseId: running.id,
        ref: running.ref,
        detainedAt: '2026-01-10T03:10:00.000Z',
        missing: ['Ethnicity (ask, or record "Not stated")', 'Outcome (the detention has not ended)'],
      },
    ]);
    // Every export is in the access log, every time (two files: two entries for the card).
    const entries = await server.app.services.store.accessLog.forCase(running.id);
    expect(entries.filter((e) => e.action === 'home-office-export')).toHaveLength(2);
  });

  it('refuses a period that is not one, with a typed error and no change', async () => {
    const c = await start();
    const res = await server.http(c.manager, '/reports?period=custom&date=2026-05-02&until=2026-05-01');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('VALIDATION');
    expect((await server.http(c.manager, '/reports?period=fortnight')).status).toBe(400);
  });
});
