import { useQuery } from '@tanstack/react-query';
import { PLACE_CATEGORY_LABELS } from '@shared/schemas/service';
import { UNIT_STATUS_LABELS } from '@shared/schemas/unit';
import { serviceListQuery, unitListQuery } from '../../api/queries';
import type { TLiveOnCard } from './case-actions';

/**
 * The units still sent to a card and the places still held for it, from the live unit and service lists
 * the console already keeps current: what a close will stand down and release (R-LINK-CLOSE).
 */
export function useLiveOnCard(caseId: string, isEnabled: boolean): TLiveOnCard {
  const units = useQuery({ ...unitListQuery, enabled: isEnabled });
  const services = useQuery({ ...serviceListQuery, enabled: isEnabled });
  return {
    units: (units.data?.units ?? [])
      .filter((u) => u.assignment?.caseId === caseId)
      .map((u) => ({
        id: u.id,
        callSign: u.callSign,
        status: `${UNIT_STATUS_LABELS[u.status]}${u.assignment?.acceptedAt ? ', accepted' : ', not yet accepted'}`,
      })),
    holds: (services.data?.services ?? []).flatMap((s) =>
      s.holds
        .filter((h) => h.caseId === caseId)
        .map((h) => ({ id: h.id, serviceName: s.name, category: PLACE_CATEGORY_LABELS[h.category] })),
    ),
  };
}
