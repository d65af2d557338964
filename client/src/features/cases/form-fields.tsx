import type { UseFormRegisterReturn } from 'react-hook-form';
import { LOCATION_TYPE_LABELS, LOCATION_TYPES } from '@shared/schemas/case';

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
