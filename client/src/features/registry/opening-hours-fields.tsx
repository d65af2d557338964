import { useId } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { dateLabel, NO_REGULAR_HOURS, parseWeeklyText, weeklyByDay, type TServiceForm as TForm } from './service-form';

/** A field's error under it; `id` lets the input point at it with aria-describedby. */
export function FieldError({ id, message }: { id?: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span id={id} className="field-error">
      {message}
    </span>
  );
}

/**
 * Weekly hours typed the way people say them ("Mon-Fri 18:00-23:00; Sat-Sun 12:00-02:00"), read live
 * into a day-by-day preview so a typo shows before saving, not on the board at 2 a.m.
 */
export function WeeklyHoursFields({ form }: { form: TForm }) {
  const id = useId();
  const isAlwaysOpen = useWatch({ control: form.control, name: 'isAlwaysOpen' });
  const text = useWatch({ control: form.control, name: 'weeklyText' });
  const error = form.formState.errors.weeklyText?.message;
  const parsed = parseWeeklyText(text);
  return (
    <>
      <label className="check">
        <input type="checkbox" {...form.register('isAlwaysOpen')} /> Open 24/7
      </label>
      {isAlwaysOpen ? (
        <p className="muted hours-preview">Open all day, every day (dated exceptions below still apply).</p>
      ) : (
        <>
          <label>
            Weekly hours
            <input
              {...form.register('weeklyText')}
              autoComplete="off"
              spellCheck={false}
              placeholder="Mon-Fri 18:00-23:00; Sat-Sun 12:00-23:00"
              aria-invalid={!!error}
              aria-describedby={`${id}-help ${id}-preview`}
            />
          </label>
          <p id={`${id}-help`} className="muted small">
            Days then times, sessions separated by “;”. A session past midnight runs into the next day. Write “
            {NO_REGULAR_HOURS}” if it opens only on the dated exceptions.
          </p>
          <div id={`${id}-preview`} className="hours-preview">
            {text.trim() === '' && !error ? (
              <span className="muted">Type the hours to see them day by day.</span>
            ) : 'error' in parsed ? (
              <span className="field-error">{parsed.error}</span>
            ) : parsed.isAlwaysOpen ? (
              <span>Read as: open 24/7.</span>
            ) : (
              <>
                <span className="sr-only">Read as: </span>
                <ul className="week-preview" aria-label="Day by day">
                  {weeklyByDay(parsed.weekly).map((d) => (
                    <li key={d.day} className={d.isClosed ? 'is-closed' : undefined}>
                      <span className="day">{d.day}</span> {d.text}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </>
      )}
    </>
  );
}

/** Bank holidays and other dated changes: closed all day, or open for these hours instead of the weekly ones. */
export function ExceptionFields({ form }: { form: TForm }) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'exceptions' });
  const rows = useWatch({ control: form.control, name: 'exceptions' });
  const errors = form.formState.errors.exceptions;
  return (
    <fieldset className="exceptions">
      <legend>Dated exceptions</legend>
      <p className="muted small">Bank holidays and one-off changes replace the weekly hours on that date.</p>
      {fields.length === 0 && <p className="muted small">No dated exceptions.</p>}
      <ol className="exception-list">
        {fields.map((field, i) => {
          const row = rows[i];
          const suffix = `, exception ${i + 1}`;
          const dateError = errors?.[i]?.date?.message;
          const sessionsError = errors?.[i]?.sessionsText?.message;
          const shown = row ? dateLabel(row.date) : null;
          return (
            <li key={field.id} className="exception-row">
              <label className="exception-date">
                <span>
                  Date<span className="sr-only">{suffix}</span>
                </span>
                <input type="date" {...form.register(`exceptions.${i}.date`)} aria-invalid={!!dateError} />
              </label>
              <label className="check">
                <input type="checkbox" {...form.register(`exceptions.${i}.isClosed`)} />
                <span>
                  Closed all day<span className="sr-only">{suffix}</span>
                </span>
              </label>
              {row && !row.isClosed && (
                <label className="exception-hours">
                  <span>
                    Hours that day<span className="sr-only">{suffix}</span>
                  </span>
                  <input
                    {...form.register(`exceptions.${i}.sessionsText`)}
                    placeholder="12:00-18:00"
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={!!sessionsError}
                  />
                </label>
              )}
              <button type="button" className="small-button" onClick={() => remove(i)}>
                Remove<span className="sr-only"> exception {i + 1}</span>
              </button>
              {(shown || dateError || sessionsError) && (
                <p className="exception-note">
                  {shown && !dateError && (
                    <span className="muted">
                      {shown}
                      {row?.isClosed ? ': closed all day' : ''}
                    </span>
                  )}
                  <FieldError message={dateError} /> <FieldError message={sessionsError} />
                </p>
              )}
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="small-button"
        onClick={() => append({ date: '', isClosed: true, sessionsText: '' }, { shouldFocus: true })}
      >
        Add a dated exception
      </button>
    </fieldset>
  );
}
