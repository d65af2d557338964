import type { FieldError, UseFormRegisterReturn } from 'react-hook-form';
import {
  ETHNIC_CATEGORIES,
  ETHNICITY_CODES,
  LOCATION_TYPE_LABELS,
  LOCATION_TYPES,
  PRIORITIES,
  PRIORITY_LABELS,
  SAFETY_FLAG_LABELS,
  SEX_LABELS,
  SEXES,
} from '@shared/schemas/case';

/** `<option>`s for a closed set of values with their labels, in the order the set declares. */
export function EnumOptions<T extends string>({ values, labels }: { values: readonly T[]; labels: Record<T, string> }) {
  return values.map((v) => (
    <option key={v} value={v}>
      {labels[v]}
    </option>
  ));
}

type TRiskPath = 'riskFlags.toSelf' | 'riskFlags.toOthers' | 'riskFlags.fromOthers' | 'riskFlags.safeguarding';
const RISKS: [TRiskPath, string][] = [
  ['riskFlags.toSelf', 'To self'],
  ['riskFlags.toOthers', 'To others'],
  ['riskFlags.fromOthers', 'From others'],
  ['riskFlags.safeguarding', 'Safeguarding'],
];

/** The four risk flags, as large checkboxes, for any form that holds `riskFlags`. */
export function RiskFlagFields({ register }: { register: (name: TRiskPath) => UseFormRegisterReturn }) {
  return (
    <fieldset className="wide">
      <legend>Risks</legend>
      {RISKS.map(([path, label]) => (
        <label key={path} className="check">
          <input type="checkbox" {...register(path)} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

type TSafetyPath = 'safety.weapons' | 'safety.violence' | 'safety.addressHazards' | 'safety.note';
const SAFETY_FLAGS: [TSafetyPath, string][] = [
  ['safety.weapons', SAFETY_FLAG_LABELS.weapons],
  ['safety.violence', SAFETY_FLAG_LABELS.violence],
  ['safety.addressHazards', SAFETY_FLAG_LABELS.addressHazards],
];

/**
 * Safety information for whoever attends. Police and crews see it, so the form says so: it is where a
 * weapon or a dog at the door goes, not clinical history (R-IG-MIN).
 */
export function SafetyFields({ register }: { register: (name: TSafetyPath) => UseFormRegisterReturn }) {
  return (
    <fieldset className="wide">
      <legend>Safety for attendees — shared with police and crews</legend>
      {SAFETY_FLAGS.map(([path, label]) => (
        <label key={path} className="check">
          <input type="checkbox" {...register(path)} /> {label}
        </label>
      ))}
      <label className="full-row">
        What attendees need to know
        <input {...register('safety.note')} maxLength={500} placeholder="e.g. said he has a knife in his bag" />
      </label>
    </fieldset>
  );
}

type TLocationPath = 'location.description' | 'location.type';

/** Where the person is: free text plus the location type that later legal rules depend on. */
export function LocationFields({
  register,
  error,
}: {
  register: (name: TLocationPath) => UseFormRegisterReturn;
  error?: string | undefined;
}) {
  return (
    <>
      <label className="wide">
        Location
        <input {...register('location.description')} aria-invalid={!!error} />
        {error && <span className="field-error">{error}</span>}
      </label>
      <label>
        Location type
        <select {...register('location.type')}>
          <EnumOptions values={LOCATION_TYPES} labels={LOCATION_TYPE_LABELS} />
        </select>
      </label>
    </>
  );
}

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

type TPersonPath =
  | 'person.name'
  | 'person.age.kind'
  | 'person.age.years'
  | 'person.age.date'
  | 'person.sex'
  | 'person.ethnicity'
  | 'person.nhsNumber';
type TRegisterOptions = { setValueAs?: (v: unknown) => unknown; valueAsNumber?: true };
type TPersonErrors = { nhsNumber?: FieldError; age?: unknown } | undefined;

/** Who the person is. Name and age may be unknown; an NHS number is checked (Modulus 11) by the schema. */
export function PersonFields({
  register,
  ageKind,
  errors,
}: {
  register: (name: TPersonPath, options?: TRegisterOptions) => UseFormRegisterReturn;
  ageKind: string | undefined;
  errors: TPersonErrors;
}) {
  const ageError = errors?.age as { years?: FieldError; date?: FieldError } | undefined;
  return (
    <fieldset className="wide">
      <legend>The person</legend>
      <label>
        Name (leave blank if unknown)
        <input {...register('person.name', { setValueAs: blankToNull })} />
      </label>
      <label>
        Age
        <select {...register('person.age.kind')}>
          <option value="unknown">Unknown</option>
          <option value="age">Age in years</option>
          <option value="date-of-birth">Date of birth</option>
        </select>
      </label>
      {ageKind === 'age' && (
        <label>
          Years
          <input type="number" min={0} max={120} {...register('person.age.years', { valueAsNumber: true })} />
          {ageError?.years && <span className="field-error">{ageError.years.message}</span>}
        </label>
      )}
      {ageKind === 'date-of-birth' && (
        <label>
          Date of birth
          <input type="date" {...register('person.age.date')} />
          {ageError?.date && <span className="field-error">{ageError.date.message}</span>}
        </label>
      )}
      <label>
        Sex
        <select {...register('person.sex')}>
          <EnumOptions values={SEXES} labels={SEX_LABELS} />
        </select>
      </label>
      <label>
        Ethnicity
        <select {...register('person.ethnicity')}>
          <EnumOptions values={ETHNICITY_CODES} labels={ETHNIC_CATEGORIES} />
        </select>
      </label>
      <label>
        NHS number (optional)
        <input
          inputMode="numeric"
          {...register('person.nhsNumber', { setValueAs: blankToNull })}
          aria-invalid={!!errors?.nhsNumber}
        />
        {errors?.nhsNumber && <span className="field-error">{errors.nhsNumber.message}</span>}
      </label>
    </fieldset>
  );
}

type TCallerPath = 'caller.name' | 'caller.relationship' | 'caller.callbackNumber';

/** Who called and how to call them back. */
export function CallerFields({ register }: { register: (name: TCallerPath) => UseFormRegisterReturn }) {
  return (
    <fieldset className="wide">
      <legend>Caller</legend>
      <label>
        Caller name
        <input {...register('caller.name')} />
      </label>
      <label>
        Relationship
        <input {...register('caller.relationship')} placeholder="self, mother, PC…" />
      </label>
      <label>
        Call-back number
        <input type="tel" {...register('caller.callbackNumber')} />
      </label>
    </fieldset>
  );
}

/** MHSDS priority, emergency first. */
export function PriorityField({ register }: { register: (name: 'priority') => UseFormRegisterReturn }) {
  return (
    <label>
      Priority
      <select {...register('priority')}>
        <EnumOptions values={PRIORITIES} labels={PRIORITY_LABELS} />
      </select>
    </label>
  );
}
