import { describe, expect, it } from 'vitest';
import { caseRefFromId } from '@shared/rules/case-lifecycle';
import type { TAccessPage } from '@shared/schemas/audit';
import { ROLES } from '@shared/schemas/user';
import { serverWithHistory as withHistory } from './audit-test-support';
import { expectJson, serversOnAClock } from './test-support';

const MIN = 60_000;
const servers = serversOnAClock();
const serverWithHistory = (clock: { now: number }) => withHistory(servers, clock);

describe('the audit viewer (R-IG-AUDIT)', () => {
  it('R-IG-AUDIT: the IG lead finds who saw a card by its reference, with name, role, organisation and card; the search is itself logged', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server, card } = await serverWithHistory(clock);
    const manager = await server.login('duty-manager');
    clock.now += MIN;
    await expectJson(await server.http(manager, `/cases/${card.id}`));
    const igLead = await server.login('ig-lead');
    const ref = caseRefFromId(card.id);

    const page = await expectJson<TAccessPage>(await server.http(igLead, `/audit/access?card=${ref.toLowerCase()}`));
    expect(page.windowMinutes).toBe(15);
    expect(page.entries[0]).toMatchObject({
      action: 'view',
      username: 'duty-manager',
      displayName: 'Morgan Ellery',
      role: 'duty-manager',
      organisationName: 'Kestrel Vale Mental Health Trust',
      caseId: card.id,
      caseRef: ref,
      source: expect.stringMatching(/^session:/) as string,
    });
    expect(page.entries.map((e) => e.at)).toEqual([...page.entries.map((e) => e.at)].sort().reverse());
    expect(page.entries.every((e) => e.caseId === card.id)).toBe(true);

    const byUser = await expectJson<TAccessPage>(
      await server.http(igLead, `/audit/access?user=duty-manager&action=view&from=2026-12-01T09:00:30Z`),
    );
    expect(byUser.entries.map((e) => [e.username, e.action])).toEqual([['duty-manager', 'view']]);
    const before = await expectJson<TAccessPage>(
      await server.http(igLead, `/audit/access?user=duty-manager&to=2026-12-01T09:00:30Z`),
    );
    expect(before.entries).toEqual([]);

    // The searches above are in the log, against the card searched for.
    const searches = await expectJson<TAccessPage>(await server.http(igLead, `/audit/access?action=audit-view`));
    expect(searches.entries.map((e) => [e.username, e.caseRef])).toEqual([
      ['ig-lead', null],
      ['ig-lead', null],
      ['ig-lead', ref],
    ]);
  });

  it('R-IG-AUDIT: pages newest first, and the CSV export is the same search, with its own entry in the log', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server, card, operator } = await serverWithHistory(clock);
    for (let i = 0; i < 3; i += 1) {
      clock.now += MIN;
      await expectJson(await server.http(operator.cookie, `/cases/${card.id}`));
    }
    const manager = await server.login('duty-manager');
    const first = await expectJson<TAccessPage>(
      await server.http(manager, `/audit/access?card=${card.id}&action=view&limit=2`),
    );
    expect(first.entries).toHaveLength(2);
    expect(first.nextBefore).toBe(first.entries[1]?.id);
    const second = await expectJson<TAccessPage>(
      await server.http(manager, `/audit/access?card=${card.id}&action=view&limit=2&before=${first.nextBefore}`),
    );
    expect(second.entries).toHaveLength(2);
    expect(second.nextBefore).toBe(second.entries[1]?.id);
    const all = [...first.entries, ...second.entries];
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort().reverse());

    const res = await server.http(manager, `/audit/access.csv?card=${caseRefFromId(card.id)}&action=view`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="?access-log-2026-12-01\.csv"?/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('when (UTC),what,action,card,card id,name,username,role,organisation,source,entry');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain(`Opened the card,view,${caseRefFromId(card.id)},${card.id},Olu Adeyemi,operator`);
    const exports = await expectJson<TAccessPage>(await server.http(manager, '/audit/access?action=audit-export'));
    expect(exports.entries.map((e) => [e.username, e.caseId])).toEqual([['duty-manager', card.id]]);
  });

  it('R-IG-AUDIT: every other role is FORBIDDEN; bad filters are 400 and an unknown person 404, never 500', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server } = await serverWithHistory(clock);
    for (const role of ROLES.filter((r) => r !== 'ig-lead' && r !== 'duty-manager')) {
      const cookie = await server.login(role);
      for (const path of ['/audit/access', '/audit/access.csv']) {
        const res = await server.http(cookie, path);
        expect([role, path, res.status]).toEqual([role, path, 403]);
        expect(await res.json()).toMatchObject({ code: 'FORBIDDEN', ruleId: 'R-IG-AUDIT' });
      }
    }
    const igLead = await server.login('ig-lead');
    for (const query of [
      'from=yesterday',
      'limit=0',
      'limit=501',
      'before=-1',
      'action=delete',
      'card=',
      'from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z',
      'user=a&user=b',
    ]) {
      const res = await server.http(igLead, `/audit/access?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(await res.json()).toMatchObject({ code: 'VALIDATION' });
    }
    const unknown = await server.http(igLead, '/audit/access?user=nobody');
    expect(unknown.status).toBe(404);
    expect(await server.http(null, '/audit/access').then((r) => r.status)).toBe(401);
  });

  it('R-IG-AUDIT: the viewer shows only the caller’s own area', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server, card } = await serverWithHistory(clock);
    await server.app.services.store.accessLog.record({
      userId: 'someone-elsewhere',
      role: 'operator',
      caseId: card.id,
      action: 'view',
      at: new Date(clock.now).toISOString(),
      areaId: 'another-area',
    });
    const igLead = await server.login('ig-lead');
    const page = await expectJson<TAccessPage>(await server.http(igLead, `/audit/access?card=${card.id}`));
    expect(page.entries.length).toBeGreaterThan(0);
    expect(page.entries.some((e) => e.userId === 'someone-elsewhere')).toBe(false);
  });

  it('R-IG-AUDIT: the IG lead sees no cards and no units', async () => {
    const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
    const { server } = await serverWithHistory(clock);
    const igLead = await server.login('ig-lead');
    expect(await (await server.http(igLead, '/cases')).json()).toMatchObject({ code: 'FORBIDDEN' });
    expect(await (await server.http(igLead, '/units')).json()).toEqual({ units: [] });
  });
});
