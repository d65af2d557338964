import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { STATUS_LABELS, type TCaseCard } from '@shared/schemas/case';
import type { TCaseSearchResponse } from '@shared/schemas/search';
import { api } from '../../api/http';
import { queryKeys } from '../../api/query-keys';
import { formatAgo } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { useShortcut } from '../../lib/use-shortcut';
import { PriorityBadge } from '../cases/labels';

/** Waits this long after the last key before searching, so typing a name is one search, not six. */
const DEBOUNCE_MS = 250;

function personOf(card: TCaseCard): string {
  const age = card.person.age;
  const born = age.kind === 'date-of-birth' ? `born ${age.date.split('-').reverse().join('/')}` : null;
  return [card.person.name ?? 'Name not known', born].filter(Boolean).join(', ');
}

/**
 * Finds a person or a card from any console (R-SEARCH): `/` puts the cursor here; results, open and
 * closed, come best match first; ↓ and ↑ move through them, Enter opens one, Esc closes the list.
 * Only the fields the role reads are searched, and the list says which.
 */
/** Phones and touch-only tablets: no key hints (as `.keys-only` in the stylesheet). */
const TOUCH_ONLY = '(max-width: 600px), (hover: none) and (pointer: coarse)';

export function SearchBox() {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [isOpen, setIsOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [, navigate] = useLocation();
  const now = useNow(60_000);
  // The "/" shortcut is offered where there is a keyboard (the same test that hides other key hints).
  const [hasKeyboard] = useState(() => !window.matchMedia(TOUCH_ONLY).matches);

  useEffect(() => {
    const t = setTimeout(() => setQuery(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);

  const results = useQuery({
    queryKey: queryKeys.cases.search(query),
    queryFn: () => api<TCaseSearchResponse>(`/cases/search?q=${encodeURIComponent(query)}`),
    enabled: query.length >= 2,
    staleTime: 10_000,
  });
  const cards = query.length >= 2 ? (results.data?.cards ?? []) : [];

  useShortcut(
    '/',
    useCallback(() => input.current?.focus(), []),
  );

  const open = (card: TCaseCard) => {
    setIsOpen(false);
    setText('');
    // Back to the console's keys (J/K, N) once a card is chosen.
    input.current?.blur();
    navigate(`/cases/${card.id}`);
  };

  const handleKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      setIsOpen(false);
      input.current?.blur();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      setIsOpen(true);
      setActive((i) => Math.min(cards.length - 1, i + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const card = cards[active];
      if (card) open(card);
    }
  };

  const isShowing = isOpen && query.length >= 2;
  return (
    <div className="search" role="search">
      <input
        ref={input}
        type="search"
        role="combobox"
        aria-label="Search cards"
        aria-keyshortcuts="/"
        aria-expanded={isShowing}
        aria-controls={listId}
        aria-activedescendant={isShowing && cards[active] ? `${listId}-${active}` : undefined}
        aria-autocomplete="list"
        placeholder={hasKeyboard ? 'Search  /' : 'Search'}
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setIsOpen(true);
          setActive(0);
        }}
        onFocus={() => setIsOpen(true)}
        onBlur={() => setTimeout(() => setIsOpen(false), 150)}
        onKeyDown={handleKeyDown}
      />
      {isShowing && (
        <div className="search-results">
          <ul id={listId} role="listbox" aria-label="Search results">
            {cards.map((c, i) => (
              <li
                key={c.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  open(c);
                }}
              >
                <span className="search-line">
                  <span className="ref">{c.ref}</span>
                  <PriorityBadge priority={c.priority} />
                  <span className={`badge status-${c.status}`}>{STATUS_LABELS[c.status]}</span>
                  <strong>{personOf(c)}</strong>
                </span>
                <span className="muted search-line">
                  {c.summary ?? c.location.description} · last activity {formatAgo(c.updatedAt, now)}
                </span>
              </li>
            ))}
          </ul>
          <p className="muted search-note" role="status">
            {results.isFetching && cards.length === 0
              ? 'Searching…'
              : results.isError
                ? `Search failed: ${results.error.message}`
                : cards.length === 0
                  ? 'No cards found.'
                  : `${cards.length === 1 ? '1 card' : `${cards.length} cards`}, best match first.`}{' '}
            {results.data && `Searched: ${results.data.searched.join(', ')}.`}
          </p>
        </div>
      )}
    </div>
  );
}
