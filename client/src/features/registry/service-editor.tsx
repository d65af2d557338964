import { toNestErrors } from '@hookform/resolvers';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm, useWatch, type FieldErrors, type Path, type Resolver } from 'react-hook-form';
import type { TAppError } from '@shared/errors';
import {
  PLACE_CATEGORIES,
  PLACE_CATEGORY_LABELS,
  REFERRAL_ROUTES,
  SERVICE_KIND_LABELS,
  SERVICE_KINDS,
  type TPlaceCategory,
  type TService,
  type TServiceCommandResult,
  type TServiceDetails,
  type TServiceRegisterRequest,
  type TServiceSetTotalsRequest,
  type TServiceUpdateDetailsRequest,
} from '@shared/schemas/service';
import type { TDirectory } from '@shared/schemas/account';
import { api } from '../../api/http';
import { serviceListQuery } from '../../api/queries';
import { applyServiceChange } from '../../api/service-cache';
import { formatClock } from '../../lib/time';
import { ChangedSinceOpened, CommandError } from './command-error';
import { ExceptionFields, FieldError, WeeklyHoursFields } from './opening-hours-fields';
import { RegistryDialog } from './registry-dialog';
import {
  blankServiceForm,
  changedDetails,
  countsPlaces,
  formFromService,
  formPathOf,
  placesInUse,
  readServiceForm,
  REFERRAL_ROUTE_LABELS,
  type TServiceForm,
  type TServiceFormContext,
  type TServiceFormOutput,
  type TServiceFormValues,
} from './service-form';
import { ackOf, useHttpCommand } from './use-http-command';

/** Checks the whole draft with the editor's own rules, putting each problem against its field. */
const serviceResolver: Resolver<TServiceFormValues, TServiceFormContext, TServiceFormOutput> = (
  values,
  context,
  options,
) => {
  const read = readServiceForm(values, context?.minimumTotals);
  if (read.ok) return { values: read.value, errors: {} };
  const flat: FieldErrors = {};
  for (const issue of read.issues) flat[issue.path] ??= { type: 'invalid', message: issue.message };
  return { values: {}, errors: toNestErrors(flat, options) };
};

/** Labels of the editor's fields, for error lists that name the field as the person sees it. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  kind: 'Kind',
  organisationId: 'Organisation',
  address: 'Address',
  phone: 'Phone',
  lat: 'Latitude',
  lng: 'Longitude',
  isAlwaysOpen: 'Open 24/7',
  weeklyText: 'Weekly hours',
  minAge: 'Minimum age',
  maxAge: 'Maximum age',
  referralRoutes: 'Referral routes',
  accessNotes: 'Access notes',
  adult: 'Adult places',
  under18: 'Under-18 places',
  reason: 'Reason',
};

function fieldLabel(formPath: string): string {
  const exception = /^exceptions\.(\d+)\.(\w+)$/.exec(formPath);
  if (exception) {
    return `Exception ${Number(exception[1]) + 1} ${exception[2] === 'date' ? 'date' : 'hours'}`;
  }
  return FIELD_LABELS[formPath] ?? formPath;
}

/** An API issue path as the label of the field it is about. */
const apiFieldLabel = (apiPath: string) => {
  const formPath = formPathOf(apiPath);
  return formPath ? fieldLabel(formPath) : apiPath;
};

/**
 * Every message the editor's own checks put in a react-hook-form error tree, with its field's path.
 * Problems the server reported are left out: the server's refusal already says them in full.
 */
function flattenErrors(errors: FieldErrors, prefix = ''): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (!value || key === 'root' || key === 'ref') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value.message === 'string') {
      if (value.type !== 'server') out.push({ path, message: value.message });
    } else if (typeof value === 'object') out.push(...flattenErrors(value as FieldErrors, path));
  }
  return out;
}

function detailsOf(service: TService): TServiceDetails {
  const { name, kind, organisationId, address, coordinates, phone, hours, eligibility } = service;
  return { name, kind, organisationId, address, coordinates, phone, hours, eligibility };
}

/**
 * The full editor for one service, or for a new one (`opened` null). Details and place totals are two
 * commands on edit: only what changed is sent, each based on the version the person opened, so a
 * change someone else saved meanwhile is shown, never overwritten.
 */
export function ServiceEditorDialog({
  opened,
  directory,
  onClose,
  onSaved,
}: {
  opened: TService | null;
  directory: TDirectory;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const list = useQuery(serviceListQuery);
  const live = opened ? (list.data?.services.find((s) => s.id === opened.id) ?? opened) : null;
  // The version the draft is based on: the service as opened, then as each of our own saves left it.
  const [base, setBase] = useState<TService | null>(opened);
  const [serviceId] = useState(() => opened?.id ?? crypto.randomUUID());
  const [hasConflict, setHasConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [detailsSaved, setDetailsSaved] = useState(false);
  const details = useHttpCommand();
  const totals = useHttpCommand();
  const ids = useId();

  const minimumTotals = live
    ? { adult: placesInUse(live, 'adult').total, under18: placesInUse(live, 'under18').total }
    : undefined;
  const form: TServiceForm = useForm<TServiceFormValues, TServiceFormContext, TServiceFormOutput>({
    resolver: serviceResolver,
    context: { minimumTotals },
    defaultValues: opened ? formFromService(opened) : blankServiceForm(directory.organisations[0]?.id ?? ''),
  });
  const { errors, isSubmitting, submitCount } = form.formState;
  const kind = useWatch({ control: form.control, name: 'kind' });
  const isBehind = Boolean(live && base && live.version > base.version);

  /** Puts the server's field problems next to the fields they are about. */
  const showIssues = (error: TAppError) => {
    for (const issue of error.issues ?? []) {
      const path = formPathOf(issue.path);
      if (path) form.setError(path as Path<TServiceFormValues>, { type: 'server', message: issue.message });
    }
    // A totals refusal names its category ("Adult places: 3 are in use…"): mark that box too.
    for (const category of PLACE_CATEGORIES) {
      if (error.message.startsWith(`${PLACE_CATEGORY_LABELS[category]} places:`)) {
        form.setError(category, { type: 'server', message: error.message });
      }
    }
  };

  const reload = async () => {
    const ack = await ackOf(api<TService>(`/services/${serviceId}`));
    const latest = ack.ok ? ack.data : live;
    if (!latest) return;
    if (ack.ok) applyServiceChange(queryClient, ack.data);
    form.reset(formFromService(latest));
    setBase(latest);
    setHasConflict(false);
    setNotice(null);
    details.clearError();
    totals.clearError();
  };

  const register = async (out: TServiceFormOutput) => {
    const body: TServiceRegisterRequest = {
      commandId: crypto.randomUUID(),
      serviceId,
      ...out.details,
      places: out.places,
    };
    const ack = await details.send<TServiceCommandResult>('POST', '/services', body);
    if (!ack.ok) return showIssues(ack.error);
    applyServiceChange(queryClient, ack.data.service);
    onSaved(`Added ${ack.data.service.name}. It is on the board now.`);
  };

  const update = async (out: TServiceFormOutput, before: TService) => {
    const changes = changedDetails(detailsOf(before), out.details);
    const hasDetails = Object.keys(changes).length > 0;
    const hasTotals =
      countsPlaces(out.details.kind) && PLACE_CATEGORIES.some((c) => out.places[c] !== before.capacity[c].total);
    if (!hasDetails && !hasTotals) {
      setNotice('Nothing has changed, so there is nothing to save.');
      return;
    }
    const reason = out.reason ? { reason: out.reason } : {};
    let latest = before;
    setDetailsSaved(false);
    if (hasDetails) {
      const body: TServiceUpdateDetailsRequest = {
        commandId: crypto.randomUUID(),
        serviceId,
        expectedVersion: latest.version,
        changes,
        ...reason,
      };
      const ack = await details.send<TServiceCommandResult>('PATCH', `/services/${serviceId}`, body);
      if (!ack.ok) {
        if (ack.error.code === 'CONFLICT') setHasConflict(true);
        return showIssues(ack.error);
      }
      applyServiceChange(queryClient, ack.data.service);
      latest = ack.data.service;
      setBase(latest);
      setDetailsSaved(true);
    }
    if (hasTotals) {
      const body: TServiceSetTotalsRequest = {
        commandId: crypto.randomUUID(),
        serviceId,
        expectedVersion: latest.version,
        totals: out.places,
        ...reason,
      };
      const ack = await totals.send<TServiceCommandResult>('PUT', `/services/${serviceId}/totals`, body);
      if (!ack.ok) {
        if (ack.error.code === 'CONFLICT') setHasConflict(true);
        return showIssues(ack.error);
      }
      applyServiceChange(queryClient, ack.data.service);
      latest = ack.data.service;
      setBase(latest);
    }
    onSaved(`Saved ${latest.name}.`);
  };

  const submit = form.handleSubmit(async (out) => {
    setNotice(null);
    if (base) await update(out, base);
    else await register(out);
  });

  const clientProblems = submitCount > 0 ? flattenErrors(errors) : [];
  const name = opened?.name ?? '';
  const organisationKnown = directory.organisations.some((o) => o.id === form.getValues('organisationId'));

  return (
    <RegistryDialog title={opened ? `Edit ${name}` : 'Add a service'} size="wide" onClose={onClose}>
      <form
        className="service-form"
        noValidate
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        {(isBehind || hasConflict) && live && (
          <ChangedSinceOpened
            what={live.name}
            detail={`Someone else saved it at ${formatClock(live.updatedAt)}; saving your edits now would be refused.`}
            onReload={() => void reload()}
          />
        )}
        <div className="service-form-columns">
          <div className="service-form-column">
            <fieldset className="form-grid">
              <legend>Service</legend>
              <label className="span-2">
                Name
                <input {...form.register('name')} aria-invalid={!!errors.name} autoFocus={!opened} maxLength={120} />
                <FieldError message={errors.name?.message} />
              </label>
              <label className="span-2">
                Kind
                <select {...form.register('kind')}>
                  {SERVICE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {SERVICE_KIND_LABELS[k]}
                    </option>
                  ))}
                </select>
              </label>
              <label className="span-2">
                Organisation
                <select {...form.register('organisationId')} aria-invalid={!!errors.organisationId}>
                  {!organisationKnown && <option value={form.getValues('organisationId')}>Unknown organisation</option>}
                  {directory.organisations.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
                <FieldError message={errors.organisationId?.message} />
              </label>
              <label className="span-2">
                Address
                <textarea rows={2} {...form.register('address')} aria-invalid={!!errors.address} maxLength={300} />
                <FieldError message={errors.address?.message} />
              </label>
              <label className="span-2">
                Phone
                <input type="tel" {...form.register('phone')} aria-invalid={!!errors.phone} maxLength={40} />
                <FieldError message={errors.phone?.message} />
              </label>
            </fieldset>
            <fieldset className="form-grid">
              <legend>Map position (optional)</legend>
              <label>
                Latitude
                <input
                  inputMode="decimal"
                  {...form.register('lat')}
                  aria-invalid={!!errors.lat}
                  aria-describedby={`${ids}-coords`}
                  placeholder="52.4087"
                />
                <FieldError message={errors.lat?.message} />
              </label>
              <label>
                Longitude
                <input
                  inputMode="decimal"
                  {...form.register('lng')}
                  aria-invalid={!!errors.lng}
                  aria-describedby={`${ids}-coords`}
                  placeholder="-1.5061"
                />
                <FieldError message={errors.lng?.message} />
              </label>
              <p id={`${ids}-coords`} className="muted small span-2">
                Both or neither, in decimal degrees. The place finder uses them for distances.
              </p>
            </fieldset>
          </div>

          <div className="service-form-column">
            <fieldset className="stacked">
              <legend>Opening hours</legend>
              <WeeklyHoursFields form={form} />
            </fieldset>
            <ExceptionFields form={form} />
          </div>

          <div className="service-form-column">
            <fieldset className="form-grid">
              <legend>Eligibility</legend>
              <label>
                Minimum age
                <input
                  type="number"
                  min={0}
                  max={130}
                  {...form.register('minAge')}
                  aria-invalid={!!errors.minAge}
                  aria-describedby={`${ids}-ages`}
                />
                <FieldError message={errors.minAge?.message} />
              </label>
              <label>
                Maximum age
                <input
                  type="number"
                  min={0}
                  max={130}
                  {...form.register('maxAge')}
                  aria-invalid={!!errors.maxAge}
                  aria-describedby={`${ids}-ages`}
                />
                <FieldError message={errors.maxAge?.message} />
              </label>
              <p id={`${ids}-ages`} className="muted small span-2">
                Leave blank for no limit.
              </p>
              <fieldset className="span-2 inline-checks">
                <legend>Referral routes</legend>
                {REFERRAL_ROUTES.map((route) => (
                  <label key={route} className="check">
                    <input type="checkbox" value={route} {...form.register('referralRoutes')} />{' '}
                    {REFERRAL_ROUTE_LABELS[route]}
                  </label>
                ))}
              </fieldset>
              <label className="check span-2">
                <input type="checkbox" {...form.register('acceptsS136')} /> Accepts people detained under section 136
              </label>
              <label className="check span-2">
                <input type="checkbox" {...form.register('acceptsIntoxicated')} /> Accepts people who are intoxicated
              </label>
              <label className="check span-2">
                <input type="checkbox" {...form.register('excludesUrgentMedicalNeed')} /> Excludes people with an urgent
                medical need
              </label>
              <label className="span-2">
                Access notes
                <textarea rows={3} {...form.register('accessNotes')} />
              </label>
            </fieldset>
            <PlacesFields form={form} live={live} kind={kind} />
          </div>
        </div>

        <div className="service-form-foot">
          {opened && (
            <label className="reason">
              Reason for the change (optional)
              <input
                {...form.register('reason')}
                aria-invalid={!!errors.reason}
                aria-describedby={`${ids}-reason`}
                maxLength={300}
              />
              <span id={`${ids}-reason`} className="muted small">
                Kept in the administration history with what changed.
              </span>
            </label>
          )}
          <div className="foot-messages">
            {clientProblems.length > 0 && (
              <div className="field-error registry-error" role="alert">
                <p>
                  {clientProblems.length === 1 ? 'One thing to fix' : `${clientProblems.length} things to fix`} before
                  saving:
                </p>
                <ul>
                  {clientProblems.map((p) => (
                    <li key={p.path}>
                      {p.message.startsWith(`${fieldLabel(p.path)}:`)
                        ? p.message
                        : `${fieldLabel(p.path)}: ${p.message}`}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {details.error?.code !== 'CONFLICT' && (
              <CommandError
                error={details.error}
                labelOf={apiFieldLabel}
                prefix={opened ? 'Details not saved:' : 'Not added:'}
              />
            )}
            {totals.error?.code !== 'CONFLICT' && (
              <CommandError
                error={totals.error}
                labelOf={apiFieldLabel}
                prefix={detailsSaved ? 'The details were saved, but the totals were not:' : 'Totals not saved:'}
              />
            )}
            {notice && (
              <p role="status" className="muted">
                {notice}
              </p>
            )}
          </div>
          <div className="actions">
            <span className="muted small keys">
              <kbd>Ctrl</kbd>+<kbd>Enter</kbd> save · <kbd>Esc</kbd> close
            </span>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={isSubmitting} aria-keyshortcuts="Control+Enter">
              {isSubmitting ? 'Saving…' : opened ? 'Save changes' : 'Add service'}
            </button>
          </div>
        </div>
      </form>
    </RegistryDialog>
  );
}

/** In-use breakdown for one category, e.g. "2 occupied, 1 held". */
function inUseText(service: TService, category: TPlaceCategory): string {
  const u = placesInUse(service, category);
  const parts = [
    u.occupied > 0 && `${u.occupied} occupied`,
    u.held > 0 && `${u.held} held`,
    u.cleaning > 0 && `${u.cleaning} cleaning`,
    u.closed > 0 && `${u.closed} closed`,
  ].filter(Boolean);
  return parts.length === 0 ? 'none in use now' : `in use now: ${parts.join(', ')} — lowest total ${u.total}`;
}

/**
 * Place totals. On edit they go by the totals command, which refuses a total below the places in use,
 * held, cleaning or closed: those figures are shown live beside each box so the limit is no surprise.
 */
function PlacesFields({
  form,
  live,
  kind,
}: {
  form: TServiceForm;
  live: TService | null;
  kind: TServiceFormValues['kind'];
}) {
  const ids = useId();
  const { errors } = form.formState;
  return (
    <fieldset className="form-grid">
      <legend>Places</legend>
      {!countsPlaces(kind) ? (
        <p className="muted small span-2">
          {SERVICE_KIND_LABELS[kind]}: no places are counted here, so there are no totals to set.
        </p>
      ) : (
        <>
          {PLACE_CATEGORIES.map((category) => (
            <label key={category}>
              {PLACE_CATEGORY_LABELS[category]} places
              <input
                type="number"
                min={0}
                max={500}
                {...form.register(category)}
                aria-invalid={!!errors[category]}
                aria-describedby={`${ids}-${category}`}
              />
              <span id={`${ids}-${category}`} className="muted small">
                {live ? inUseText(live, category) : 'all start free'}
              </span>
              <FieldError
                message={errors[category]?.message?.replace(`${PLACE_CATEGORY_LABELS[category]} places: `, '')}
              />
            </label>
          ))}
          {live && (
            <p className="muted small span-2">
              Totals are saved separately from the details. Free places on the board are the total less those in use.
            </p>
          )}
        </>
      )}
    </fieldset>
  );
}
