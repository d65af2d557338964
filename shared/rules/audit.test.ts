import { describe, expect, it } from 'vitest';
import { ROLES } from '../schemas/user';
import { asCaseRef, canReadAudit } from './audit';
import { caseRefFromId } from './case-lifecycle';

describe('who reads the audit (R-IG-AUDIT)', () => {
  it('R-IG-AUDIT: only the information governance lead and duty managers read the access log', () => {
    expect(ROLES.filter(canReadAudit)).toEqual(['duty-manager', 'ig-lead']);
  });

  it('R-IG-AUDIT: a card is found by its reference however it is typed, and anything else is taken as an id', () => {
    const id = '3f9a2b7c-0000-4000-8000-000000000001';
    expect(asCaseRef(` ${caseRefFromId(id).toLowerCase()} `)).toBe('C-3F9A2B');
    expect(asCaseRef(id)).toBeNull();
    expect(asCaseRef('C-3F9A2')).toBeNull();
  });
});
