import {
  PRIORITY_LABELS,
  PRIORITY_MHSDS_CODE,
  SAFETY_FLAG_LABELS,
  SEX_LABELS,
  type TCaseCard,
  type TPriority,
  type TRiskFlags,
} from '@shared/schemas/case';

export function PriorityBadge({ priority }: { priority: TPriority }) {
  return (
    <span className={`badge priority-${priority}`} title={`MHSDS priority code ${PRIORITY_MHSDS_CODE[priority]}`}>
      {PRIORITY_LABELS[priority]}
    </span>
  );
}

const RISK_LABELS: Record<keyof TRiskFlags, string> = {
  toSelf: 'Risk to self',
  toOthers: 'Risk to others',
  fromOthers: 'Risk from others',
  safeguarding: 'Safeguarding',
};

export function RiskChips({ flags }: { flags: TRiskFlags }) {
  const set = (Object.keys(RISK_LABELS) as (keyof TRiskFlags)[]).filter((k) => flags[k]);
  if (set.length === 0) return null;
  return (
    <span className="chips">
      {set.map((k) => (
        <span key={k} className="chip risk">
          {RISK_LABELS[k]}
        </span>
      ))}
    </span>
  );
}

/** What to call the card in a list: its summary, or where the person is when the summary is withheld. */
export function cardTitle(card: TCaseCard): string {
  return card.summary ?? card.location?.description ?? card.ref;
}

export function personLine(card: TCaseCard): string {
  const age = card.person.age;
  const ageText =
    age.kind === 'age' ? `${age.years}` : age.kind === 'date-of-birth' ? `born ${age.date}` : 'age unknown';
  const sexText = card.person.sex === 'not-known' ? 'sex not known' : SEX_LABELS[card.person.sex].toLowerCase();
  return `${card.person.name ?? 'Name unknown'}, ${ageText}, ${sexText}`;
}

/** What attendees must know: the flags as chips, then the line in words. */
export function SafetyLine({ safety }: { safety: TCaseCard['safety'] }) {
  const flags = (Object.keys(SAFETY_FLAG_LABELS) as (keyof typeof SAFETY_FLAG_LABELS)[]).filter((k) => safety[k]);
  if (flags.length === 0 && !safety.note) return <>None recorded</>;
  return (
    <>
      <span className="chips">
        {flags.map((k) => (
          <span key={k} className="chip risk">
            {SAFETY_FLAG_LABELS[k]}
          </span>
        ))}
      </span>{' '}
      {safety.note}
    </>
  );
}
