import { describe, expect, it } from 'vitest';
import type { TAck } from '@shared/errors';
import type { TUnitCommandResult } from '@shared/schemas/unit';
import { commandId, newCard, serversOnAClock, streetTriageOnShift } from './test-support';

const servers = serversOnAClock();
const TOKEN = 'metrics-scraper-token-0123456789';

const ok = (ack: TAck<TUnitCommandResult>) => {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data.unit;
};

/** One series' value from Prometheus text, by its name and the labels it must carry. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

describe('metrics an operator can watch (R-OPS-METRICS)', () => {
  it('GET /metrics: 404 without a configured token, 401 without the right one', async () => {
    const clock = { now: Date.parse('2026-11-23T20:00:00Z') };
    const plain = await servers.at(clock);
    expect((await fetch(`${plain.app.url}/metrics`)).status).toBe(404);
    const watched = await servers.at(clock, undefined, { env: { CONCORDAT_METRICS_TOKEN: TOKEN } });
    expect((await fetch(`${watched.app.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${watched.app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
  });

  it('consoles by role and node, commands and refusals by code, database writes, job lag and the oldest unacknowledged critical alert', async () => {
    const clock = { now: Date.parse('2026-11-23T20:00:00Z') };
    const server = await servers.at(clock, undefined, {
      env: { CONCORDAT_METRICS_TOKEN: TOKEN, CONCORDAT_NODE_NAME: 'node-a' },
    });
    const scrape = async () => {
      const res = await fetch(`${server.app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      return res.text();
    };
    const manager = await server.consoleAs('duty-manager');
    const operator = await server.consoleAs('operator');
    const nurse = await server.consoleAs('triage-clinician');
    const created = await operator.socket.emitWithAck('case:create', newCard());
    if (!created.ok) throw new Error(created.error.message);
    const refused = await operator.socket.emitWithAck('case:create', { ...newCard(), priority: 'whenever' as never });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

    let text = await scrape();
    expect(sample(text, 'concordat_consoles_connected', { node: 'node-a', role: 'operator' })).toBe(1);
    expect(sample(text, 'concordat_consoles_connected', { role: 'duty-manager' })).toBe(1);
    expect(sample(text, 'concordat_command_duration_seconds_count', { command: 'case:create', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'concordat_command_refusals_total', { command: 'case:create', code: 'VALIDATION' })).toBe(1);
    expect(sample(text, 'concordat_database_write_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'concordat_event_log_lag')).toBe(0);
    for (const job of ['legal-clock-alerts', 'hold-expiry', 'dispatch-escalation', 'alert-escalation'])
      expect(sample(text, 'concordat_job_lag_seconds', { job })).toBe(0);
    expect(sample(text, 'concordat_oldest_unacknowledged_critical_alert_seconds')).toBe(0);

    // A crew's SOS, unacknowledged for 90 seconds; the jobs' last pass was as long ago.
    const unitId = await streetTriageOnShift(manager.socket, nurse.socket);
    ok(await nurse.socket.emitWithAck('unit:sos', { commandId: commandId(), unitId, position: null }));
    clock.now += 90_000;
    text = await scrape();
    expect(sample(text, 'concordat_oldest_unacknowledged_critical_alert_seconds')).toBe(90);
    expect(sample(text, 'concordat_job_lag_seconds', { job: 'hold-expiry' })).toBe(90);
    ok(await operator.socket.emitWithAck('unit:acknowledge-sos', { commandId: commandId(), unitId }));
    expect(sample(await scrape(), 'concordat_oldest_unacknowledged_critical_alert_seconds')).toBe(0);
  });
});
