import { useId, useState } from 'react';
import { ROLE_LABELS } from '@shared/schemas/user';
import { canCrew, crewProblem, matchesCrewSearch, type TCrewCandidate } from './crew-candidates';

/** The server's limit on crew size (shared/schemas/unit.ts). */
export const MAX_CREW = 6;

/**
 * Chooses a unit's crew from the people this person can see: a search box over a checkbox list, each
 * person with role, organisation and the units they are already on. People the server would refuse
 * (disabled accounts, roles that do not crew) are shown but cannot be added, only removed.
 */
export function CrewPicker({
  candidates,
  value,
  onChange,
  organisationName,
  error,
  note,
}: {
  candidates: readonly TCrewCandidate[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  organisationName: (id: string) => string;
  error?: string | undefined;
  note?: string | undefined;
}) {
  const ids = useId();
  const [search, setSearch] = useState('');
  const describe = (c: TCrewCandidate) =>
    [
      ROLE_LABELS[c.role],
      c.organisationId ? organisationName(c.organisationId) : null,
      c.unitCallSigns.length > 0 ? `on ${c.unitCallSigns.join(', ')}` : 'on no unit',
    ]
      .filter(Boolean)
      .join(' · ');
  const chosen = new Set(value);
  const isFull = chosen.size >= MAX_CREW;
  const shown = candidates.filter((c) => chosen.has(c.id) || matchesCrewSearch(c, search, describe));
  const chosenNames = candidates.filter((c) => chosen.has(c.id)).map((c) => c.name);

  const toggle = (id: string, isChecked: boolean) =>
    onChange(isChecked ? [...value, id] : value.filter((v) => v !== id));

  return (
    <fieldset className="crew-picker" aria-describedby={`${ids}-count`}>
      <legend>Crew (1 to {MAX_CREW} people)</legend>
      <label className="crew-search">
        Find a person
        <input
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          autoComplete="off"
          aria-controls={`${ids}-list`}
          onKeyDown={(e) => {
            // Enter in the search box ticks the only match, so a crew can be built without the mouse.
            if (e.key !== 'Enter' || e.ctrlKey || e.metaKey) return;
            e.preventDefault();
            const matches = candidates.filter((c) => !chosen.has(c.id) && matchesCrewSearch(c, search, describe));
            const only = matches.length === 1 ? matches[0] : undefined;
            if (only && canCrew(only) && !isFull) {
              toggle(only.id, true);
              setSearch('');
            }
          }}
        />
      </label>
      <p id={`${ids}-count`} className="muted small crew-count" aria-live="polite">
        {chosen.size === 0 ? 'Nobody chosen yet.' : `${chosen.size} chosen: ${chosenNames.join(', ')}.`}
        {isFull && ` That is the most a unit can have; untick someone to add another.`}
      </p>
      {note && <p className="muted small">{note}</p>}
      <ul id={`${ids}-list`} className="crew-options">
        {shown.length === 0 && <li className="muted small">Nobody matches “{search}”.</li>}
        {shown.map((c) => {
          const isChosen = chosen.has(c.id);
          const problem = crewProblem(c);
          return (
            <li key={c.id}>
              <label className={`check crew-option${problem ? ' has-problem' : ''}`}>
                <input
                  type="checkbox"
                  checked={isChosen}
                  disabled={!isChosen && (!canCrew(c) || isFull)}
                  onChange={(e) => toggle(c.id, e.target.checked)}
                />
                <span className="crew-option-text">
                  <span className="crew-name">{c.name}</span>
                  <span className="muted small">{describe(c)}</span>
                  {problem && <span className="tag tag-warn">{problem}</span>}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
