import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TCaseCreateRequest, TCommandResult } from '@shared/schemas/case';
import type { TCaseSearchResponse, TClosedCaseList, TPersonHistory } from '@shared/schemas/search';
import type { TUser } from '@shared/schemas/user';
import { runCommand } from './commands/run-command';
import { DEMO_ORGANISATIONS } from './demo/demo-organisations';
import { commandId, expectJson, newCard, startTestServer, type TTestServer } from './test-support';

let server: TTestServer;
let operator = '';
beforeEach(async () => {
  server = await startTestServer();
  operator = await server.login('operator');
});
afterEach(async () => {
  await server.close();
});

const person = (name: string | null, extra: Partial<TCaseCreateRequest['person']> = {}) => ({
  name,
  age: { kind: 'date-of-birth' as const, date: '1989-04-12' },
  sex: 'female' as const,
  ethnicity: 'Z' as const,
  nhsNumber: null,
  ...extra,
});

async function open(cookie: string, overrides: Partial<TCaseCreateRequest>) {
  // No callback number unless a test gives one: the fixture's would make every card a phone match.
  const caller = { name: 'Caller', relationship: 'self', callbackNumber: '' };
  const res = await server.http(cookie, '/cases', { method: 'POST', body: newCard({ caller, ...overrides }) });
  return (await expectJson<TCommandResult>(res, 201)).card;
}

async function close(cookie: string, card: { id: string; version: number }) {
  const res = await server.http(cookie, `/cases/${card.id}/close`, {
    method: 'POST',
    body: {
      commandId: commandId(),
      expectedVersion: card.version,
      outcome: { kind: 'stayed-home-with-safety-plan', destinationOrSafetyNet: 'Crisis line number given' },
    },
  });
  return (await expectJson<TCommandResult>(res)).card;
}

const search = async (cookie: string, q: string) =>
  expectJson<TCaseSearchResponse>(await server.http(cookie, `/cases/search?q=${encodeURIComponent(q)}`));
const refs = (r: TCaseSearchResponse) => r.cards.map((c) => c.ref);

describe('search (R-SEARCH)', () => {
  it('R-SEARCH: finds open and closed cards by a name spelt differently, NHS number, date of birth, phone, address and reference', async () => {
    const closedCard = await open(operator, {
      person: person('Jon McKenzie', { nhsNumber: '9434765919' }),
      caller: { name: 'Jon', relationship: 'self', callbackNumber: '07700 900123' },
      location: { description: '14 Orchard Row, Kestrel Vale', type: 'own-home', coordinates: null },
    });
    await close(operator, closedCard);
    const other = await open(operator, { person: person('Priya Shah', { age: { kind: 'age', years: 40 } }) });

    expect(refs(await search(operator, 'john mackenzie'))).toEqual([closedCard.ref]);
    expect(refs(await search(operator, 'Mackenzie'))).toEqual([closedCard.ref]);
    expect(refs(await search(operator, '943 476 5919'))).toEqual([closedCard.ref]);
    expect(refs(await search(operator, '12/04/1989'))).toEqual([closedCard.ref]);
    expect(refs(await search(operator, '+44 7700 900123'))).toEqual([closedCard.ref]);
    expect(refs(await search(operator, 'orchard'))).toEqual([closedCard.ref]);
    expect(refs(await search(operator, other.ref.toLowerCase()))).toEqual([other.ref]);
    const found = (await search(operator, 'mckenzie')).cards[0];
    expect(found?.status).toBe('closed');
    expect(found?.person.nhsNumber).toBe('9434765919');
  });

  it('R-SEARCH-REDACT: police find by name but an NHS number or phone they are not shown finds nothing, and results are redacted', async () => {
    const card = await open(operator, {
      person: person('Sam Kerr', { nhsNumber: '9990229651' }),
      caller: { name: 'Sam', relationship: 'self', callbackNumber: '07700 900789' },
    });
    const police = await server.login('police-officer');
    expect(refs(await search(operator, '9990229651'))).toEqual([card.ref]);
    expect(refs(await search(police, '9990229651'))).toEqual([]);
    expect(refs(await search(police, '999 022 9651'))).toEqual([]);
    expect(refs(await search(police, '07700900789'))).toEqual([]);
    // A name with the withheld number still finds nothing: every term must match a field the role reads.
    expect(refs(await search(police, 'Kerr 9990229651'))).toEqual([]);
    const byName = await search(police, 'Kerr');
    expect(refs(byName)).toEqual([card.ref]);
    expect(byName.cards[0]?.person.nhsNumber).toBeNull();
    expect(byName.cards[0]?.caller).toBeNull();
    expect(byName.searched).not.toContain('NHS number');
    expect((await search(operator, 'Kerr')).searched).toContain('NHS number');
  });

  it('R-SEARCH: roles that see no cards are refused, a one-letter query is a 400, and nothing crosses areas', async () => {
    await open(operator, { person: person('Morgan Ellery') });
    const elsewhere: TUser = {
      id: 'far-operator',
      username: 'far-operator',
      displayName: 'Far Operator',
      role: 'operator',
      organisationId: DEMO_ORGANISATIONS.harbour.id,
      areaId: '7e57a4ea-0000-4000-8000-00000000a4ea',
    };
    const far = await runCommand(
      server.app.services,
      elsewhere,
      'case:create',
      newCard({ person: person('Morgan Ellery') }),
    );
    expect(far.ok).toBe(true);
    expect((await search(operator, 'Morgan Ellery')).cards).toHaveLength(1);

    const board = await server.login('board');
    expect((await server.http(board, '/cases/search?q=Ellery')).status).toBe(403);
    const tooShort = await server.http(operator, '/cases/search?q=E');
    expect(tooShort.status).toBe(400);
    expect(await tooShort.json()).toMatchObject({ code: 'VALIDATION' });
  });

  it('R-SEARCH: search sees a change as soon as the command that made it is answered, and a refused change not at all', async () => {
    const card = await open(operator, { person: person('Alex Doe') });
    const renamed = await server.http(operator, `/cases/${card.id}`, {
      method: 'PATCH',
      body: { commandId: commandId(), expectedVersion: card.version, changes: { person: person('Rowan Hale') } },
    });
    expect(renamed.status).toBe(200);
    expect(refs(await search(operator, 'Rowan'))).toEqual([card.ref]);
    expect(refs(await search(operator, 'Alex Doe'))).toEqual([]);
    const stale = await server.http(operator, `/cases/${card.id}`, {
      method: 'PATCH',
      body: { commandId: commandId(), expectedVersion: card.version, changes: { person: person('Quinn Ash') } },
    });
    expect(stale.status).toBe(409);
    expect(refs(await search(operator, 'Quinn'))).toEqual([]);
  });

  it('R-SEARCH: every card a search returns is in the access log', async () => {
    const card = await open(operator, { person: person('Dana Fox') });
    await search(operator, 'Dana Fox');
    await server.app.services.disclosures.flush();
    const entries = await server.app.services.store.accessLog.search({
      areaId: card.areaId,
      caseId: card.id,
      actions: ['search'],
      limit: 10,
    });
    expect(entries.map((e) => e.action)).toEqual(['search']);
  });
});

describe('previous contacts (R-PERSON-LINK, R-PERSON-HISTORY)', () => {
  it('R-PERSON-LINK: the same NHS number links at once; name and date of birth are suggested, and a confirmed link shows history', async () => {
    const lastWeek = await close(
      operator,
      await open(operator, { person: person('Jon Smith', { nhsNumber: '9434765919' }) }),
    );
    const samePerson = await open(operator, { person: person('John Smyth', { nhsNumber: '9434765919' }) });
    const byName = await close(operator, await open(operator, { person: person('Jonathan Smith') }));
    const suggested = await close(operator, await open(operator, { person: person('Jon Smyth') }));
    const tonight = await open(operator, { person: person('John Smith') });

    const history = await expectJson<TPersonHistory>(await server.http(operator, `/cases/${samePerson.id}/person`));
    expect(history.contacts.map((c) => [c.ref, c.link])).toEqual([[lastWeek.ref, 'nhs-number']]);
    expect(history.contacts[0]?.outcome).toBe('stayed-home-with-safety-plan');

    const tonightHistory = await expectJson<TPersonHistory>(await server.http(operator, `/cases/${tonight.id}/person`));
    expect(tonightHistory.contacts).toEqual([]);
    expect(tonightHistory.suggestions.map((s) => [s.ref, s.basis]).sort()).toEqual(
      [
        [lastWeek.ref, 'name-and-date-of-birth'],
        [samePerson.ref, 'name-and-date-of-birth'],
        [suggested.ref, 'name-and-date-of-birth'],
      ].sort(),
    );
    expect(tonightHistory.suggestions.map((s) => s.ref)).not.toContain(byName.ref);

    const confirm = await server.http(operator, `/cases/${tonight.id}/person-links`, {
      method: 'POST',
      body: { commandId: commandId(), otherCaseId: lastWeek.id, decision: 'confirmed' },
    });
    expect(confirm.status).toBe(200);
    const linked = await expectJson<TPersonHistory>(await server.http(operator, `/cases/${tonight.id}/person`));
    // Last week's card, and through its NHS number the other card about the same person.
    expect(linked.contacts.map((c) => [c.ref, c.link]).sort()).toEqual(
      [
        [lastWeek.ref, 'confirmed'],
        [samePerson.ref, 'nhs-number'],
      ].sort(),
    );
    expect(linked.suggestions.map((s) => s.ref)).toEqual([suggested.ref]);
    // The decision is an event on both cards.
    const types = async (id: string) =>
      (await server.app.services.store.cases.history(id)).map((e) => e.type).filter((t) => t.startsWith('case.person'));
    expect(await types(tonight.id)).toEqual(['case.person-link-decided']);
    expect(await types(lastWeek.id)).toEqual(['case.person-link-decided']);

    // A wrong link is undone: the contacts go, and the pair is not suggested again.
    const undo = await server.http(operator, `/cases/${tonight.id}/person-links`, {
      method: 'POST',
      body: { commandId: commandId(), otherCaseId: lastWeek.id, decision: 'rejected' },
    });
    expect(undo.status).toBe(200);
    const undone = await expectJson<TPersonHistory>(await server.http(operator, `/cases/${tonight.id}/person`));
    expect(undone.contacts).toEqual([]);
    expect(undone.suggestions.map((s) => s.ref).sort()).toEqual([samePerson.ref, suggested.ref].sort());
  });

  it('R-PERSON-LINK: a rejected pair is never suggested again, and cannot be decided twice', async () => {
    const earlier = await open(operator, {
      person: person('Casey Brook'),
      caller: { name: 'Mum', relationship: 'mother', callbackNumber: '07700 900555' },
    });
    const tonight = await open(operator, {
      person: person('Riley Stone', { age: { kind: 'unknown' } }),
      caller: { name: 'Mum', relationship: 'mother', callbackNumber: '+447700900555' },
    });
    const before = await expectJson<TPersonHistory>(await server.http(operator, `/cases/${tonight.id}/person`));
    expect(before.suggestions.map((s) => [s.ref, s.basis])).toEqual([[earlier.ref, 'phone']]);
    const reject = () =>
      server.http(operator, `/cases/${tonight.id}/person-links`, {
        method: 'POST',
        body: { commandId: commandId(), otherCaseId: earlier.id, decision: 'rejected' },
      });
    expect((await reject()).status).toBe(200);
    for (const id of [tonight.id, earlier.id]) {
      const after = await expectJson<TPersonHistory>(await server.http(operator, `/cases/${id}/person`));
      expect(after).toEqual({ contacts: [], suggestions: [] });
    }
    const again = await reject();
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ code: 'RULE_VIOLATION', ruleId: 'R-PERSON-LINK' });
  });

  it('R-PERSON-HISTORY: police neither read a person’s history nor decide links; a pair nobody suggested cannot be linked', async () => {
    const a = await open(operator, { person: person('Alex North') });
    const b = await open(operator, { person: person('Billie South', { age: { kind: 'age', years: 50 } }) });
    const police = await server.login('police-officer');
    expect((await server.http(police, `/cases/${a.id}/person`)).status).toBe(403);
    const byPolice = await server.http(police, `/cases/${a.id}/person-links`, {
      method: 'POST',
      body: { commandId: commandId(), otherCaseId: b.id, decision: 'confirmed' },
    });
    expect(byPolice.status).toBe(403);
    const unrelated = await server.http(operator, `/cases/${a.id}/person-links`, {
      method: 'POST',
      body: { commandId: commandId(), otherCaseId: b.id, decision: 'confirmed' },
    });
    expect(unrelated.status).toBe(422);
    expect((await server.app.services.store.cases.get(a.id))?.personLinks).toEqual([]);
  });
});

describe('closed cards', () => {
  it('lists closed cards by period, outcome and owner, newest first; a bad filter is a 400', async () => {
    const first = await close(operator, await open(operator, { person: person('First Closed') }));
    const second = await close(operator, await open(operator, { person: person('Second Closed') }));
    await open(operator, { person: person('Still Open') });
    const list = await expectJson<TClosedCaseList>(await server.http(operator, '/cases/closed?period=24h'));
    expect(list.cards.map((c) => c.ref)).toEqual([second.ref, first.ref]);
    const byOutcome = await expectJson<TClosedCaseList>(
      await server.http(operator, '/cases/closed?period=shift&outcome=admitted'),
    );
    expect(byOutcome.cards).toEqual([]);
    const mine = await expectJson<TClosedCaseList>(await server.http(operator, '/cases/closed?owner=me'));
    expect(mine.cards).toEqual([]);
    const bad = await server.http(operator, '/cases/closed?period=forever');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION' });
  });
});
