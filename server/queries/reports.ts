import ExcelJS from 'exceljs';
import { DomainError } from '@shared/errors';
import {
  HOME_OFFICE_COLUMNS,
  HOME_OFFICE_HEADINGS,
  homeOfficeRow,
  missingAnswers,
  toCsv,
  type THomeOfficeRow,
} from '@shared/rules/home-office-return';
import { REPORT_RULES } from '@shared/config/reports';
import { reportAccess } from '@shared/rules/permissions';
import { redactCard } from '@shared/rules/redaction';
import { financialYearLabel, financialYearOf, resolvePeriod, type TPeriod } from '@shared/rules/report-periods';
import { capacityOverPeriod } from '@shared/rules/report-capacity';
import { buildReport, matchesDrill } from '@shared/rules/reports';
import { londonClock } from '@shared/rules/opening-hours';
import { ZDrill, ZReportQuery, type THomeOfficeValidation, type TReport } from '@shared/schemas/report';
import type { TCaseCard } from '@shared/schemas/case';
import type { TUser } from '@shared/schemas/user';
import type { TServices } from '../services';
import { parseQuery } from './parse-query';

/** Cards a drill-down lists at most: the figure's cards, not an export. */
export const DRILL_LIMIT = 500;

function accessOf(user: TUser) {
  const access = reportAccess(user.role);
  if (!access)
    throw new DomainError('FORBIDDEN', 'Reports are for duty managers and commissioners', {
      ruleId: 'R-REPORT-ACCESS',
    });
  return access;
}

function periodOf(services: TServices, query: unknown): TPeriod {
  const q = parseQuery(ZReportQuery, query);
  try {
    return resolvePeriod({ kind: q.period, date: q.date, until: q.until }, services.now());
  } catch (error) {
    throw new DomainError('VALIDATION', error instanceof Error ? error.message : 'Check the period');
  }
}

/**
 * Every report for one period of the reader's area (R-REPORT-*). Duty managers see exact figures and
 * may list the cards behind each; commissioners see aggregates passed through the disclosure rule
 * (R-REPORT-SDC) and never a card. Aggregates disclose no one, so reading them is not access-logged.
 */
export async function readReport(services: TServices, user: TUser, query: unknown): Promise<TReport> {
  const access = accessOf(user);
  const period = periodOf(services, query);
  const { reports } = services.store;
  const [area, cards, detentions, turnAways, serviceList, capacity] = await Promise.all([
    services.store.areas.get(user.areaId),
    reports.cardsCreated(user.areaId, period.from, period.to),
    reports.detentions(user.areaId, period.from, period.to),
    reports.turnAways(user.areaId, period.from, period.to),
    services.store.services.list(user.areaId),
    reports.capacity(user.areaId, period.from, period.to),
  ]);
  const now = services.now();
  return buildReport({
    period,
    areaShortCode: area?.shortCode ?? '',
    cards,
    detentions,
    turnAways,
    serviceHours: serviceList.filter((s) => s.status !== 'closed').map((s) => s.hours),
    capacity: capacityOverPeriod(
      period,
      now,
      capacity.before,
      capacity.during,
      new Map(serviceList.map((s) => [s.id, s.name])),
    ),
    disclosure: access === 'exact' ? null : REPORT_RULES.disclosure,
    canDrill: access === 'exact',
    now,
  });
}

/**
 * The cards behind one figure (R-REPORT-DRILL): duty managers only, each card access-logged. The
 * figure is named by its set and the facts it counts, as the report gave them.
 */
export async function reportCards(services: TServices, user: TUser, query: Record<string, unknown>) {
  if (accessOf(user) !== 'exact')
    throw new DomainError('FORBIDDEN', 'Commissioners see figures, never the cards behind them', {
      ruleId: 'R-REPORT-ACCESS',
    });
  const period = periodOf(services, query);
  const drill = parseQuery(ZDrill, {
    set: query.set,
    where: typeof query.where === 'string' ? safeJson(query.where) : {},
  });
  const { reports } = services.store;
  let ids: string[];
  if (drill.set === 'turn-aways') {
    const rows = await reports.turnAways(user.areaId, period.from, period.to);
    ids = rows
      .filter((t) =>
        Object.entries(drill.where).every(([k, v]) => String((t as unknown as Record<string, unknown>)[k]) === v),
      )
      .map((t) => t.caseId);
  } else {
    const rows = await reports.drillRows(drill.set, user.areaId, period.from, period.to);
    ids = rows.filter((r) => matchesDrill(r, drill.where)).map((r) => r.caseId);
  }
  const unique = [...new Set(ids)].slice(0, DRILL_LIMIT);
  const found = new Map((await services.store.cases.getMany(unique)).map((c) => [c.id, c]));
  const cards = unique
    .map((id) => found.get(id))
    .filter((c): c is TCaseCard => c !== undefined && c.areaId === user.areaId);
  await services.disclosures.record(
    user,
    cards.map((c) => c.id),
    'report-list',
  );
  return {
    cards: cards
      .map((c) => redactCard(c, 'clinical'))
      .map((c) => ({
        id: c.id,
        ref: c.ref,
        priority: c.priority,
        status: c.status,
        createdAt: c.createdAt,
        name: c.person.name,
      }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The financial year asked for (`year` = the year it starts), else the one holding today in England. */
function financialYearRange(services: TServices, year: unknown) {
  const start =
    typeof year === 'string' && /^\d{4}$/.test(year) ? Number(year) : financialYearOf(londonClock(services.now()).date);
  const period = resolvePeriod({ kind: 'financial-year', date: `${start}-06-01` }, services.now());
  return { start, period, label: financialYearLabel(start) };
}

async function detentionCardsOf(services: TServices, user: TUser, period: TPeriod): Promise<TCaseCard[]> {
  if (user.role !== 'duty-manager')
    throw new DomainError('FORBIDDEN', 'Only a duty manager can produce the Home Office return', {
      ruleId: 'R-HO-RETURN',
    });
  return (await services.store.cases.listWithDetention(user.areaId))
    .filter((c) => c.detention && c.detention.decidedAt >= period.from && c.detention.decidedAt < period.to)
    .sort((a, b) => (a.detention?.decidedAt ?? '').localeCompare(b.detention?.decidedAt ?? ''));
}

/** R-HO-RETURN: the detentions of the year that miss an answer the return needs, with each card to open. */
export async function homeOfficeValidation(
  services: TServices,
  user: TUser,
  year: unknown,
): Promise<THomeOfficeValidation> {
  const fy = financialYearRange(services, year);
  const cards = await detentionCardsOf(services, user, fy.period);
  return {
    financialYear: fy.label,
    detentions: cards.length,
    incomplete: cards
      .map((c) => ({ caseId: c.id, ref: c.ref, detainedAt: c.detention?.decidedAt ?? '', missing: missingAnswers(c) }))
      .filter((r) => r.missing.length > 0),
  };
}

/**
 * The Home Office return for a financial year as CSV or XLSX (R-HO-RETURN): one row per detention, no
 * names or references. Every card exported is access-logged, every time.
 */
export async function homeOfficeReturn(
  services: TServices,
  user: TUser,
  year: unknown,
  format: 'csv' | 'xlsx',
): Promise<{ fileName: string; body: string | Buffer }> {
  const fy = financialYearRange(services, year);
  const cards = await detentionCardsOf(services, user, fy.period);
  await services.disclosures.record(
    user,
    cards.map((c) => c.id),
    'home-office-export',
  );
  const rows = cards.flatMap((c) => homeOfficeRow(c) ?? []);
  const fileName = `mha-s136-s135-return-${fy.start}-${String((fy.start + 1) % 100).padStart(2, '0')}.${format}`;
  if (format === 'csv') return { fileName, body: toCsv(HOME_OFFICE_COLUMNS, rows, HOME_OFFICE_HEADINGS) };
  return { fileName, body: await toXlsx(rows, fy.label) };
}

async function toXlsx(rows: readonly THomeOfficeRow[], label: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Concordat';
  const sheet = workbook.addWorksheet(`Return ${label.replace('/', '-')}`);
  sheet.columns = HOME_OFFICE_COLUMNS.map((key) => ({ header: HOME_OFFICE_HEADINGS[key], key, width: 24 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  // Ages as numbers, so a spreadsheet sums and sorts them; "Not known" stays text.
  for (const row of rows) sheet.addRow({ ...row, age: /^\d+$/.test(row.age) ? Number(row.age) : row.age });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
