import { describe, expect, it } from 'vitest';
import { ROLES } from '../schemas/user';
import { CASE_COMMANDS, canEditField, canRunCommand } from './permissions';

describe('role policy', () => {
  it('operators and clinicians can run every case command', () => {
    for (const command of CASE_COMMANDS) {
      expect(canRunCommand('operator', command)).toBe(true);
      expect(canRunCommand('triage-clinician', command)).toBe(true);
    }
  });

  it('roles that do not see cards cannot change them', () => {
    for (const role of ['pos-staff', 'provider', 'admin'] as const) {
      for (const command of CASE_COMMANDS) expect(canRunCommand(role, command)).toBe(false);
    }
  });

  it('police can open, update and annotate cards but not close them or take clinical ownership', () => {
    expect(canRunCommand('police-officer', 'case:create')).toBe(true);
    expect(canRunCommand('police-officer', 'case:add-note')).toBe(true);
    expect(canRunCommand('police-officer', 'case:close')).toBe(false);
    expect(canRunCommand('police-officer', 'case:take-ownership')).toBe(false);
  });

  it('R-IG-MIN: a role edits only fields it can see', () => {
    expect(canEditField('police-officer', 'location')).toBe(true);
    expect(canEditField('police-officer', 'riskFlags')).toBe(true);
    expect(canEditField('police-officer', 'presentingConcerns')).toBe(false);
    expect(canEditField('police-officer', 'person')).toBe(false);
    expect(canEditField('police-officer', 'caller')).toBe(false);
    for (const role of ROLES) if (canRunCommand(role, 'case:update')) expect(canEditField(role, 'location')).toBe(true);
  });
});
