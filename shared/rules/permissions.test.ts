import { describe, expect, it } from 'vitest';
import { ROLES } from '../schemas/user';
import { CASE_COMMANDS, canEditField, canRunCommand } from './permissions';

describe('role policy', () => {
  it('operators and clinicians can run every case command except detaining and break-glass', () => {
    const notTheirs = ['case:detain', 'case:break-glass', 'case:review-break-glass', 'case:reopen'];
    for (const command of CASE_COMMANDS.filter((c) => !notTheirs.includes(c))) {
      expect(canRunCommand('operator', command)).toBe(true);
      expect(canRunCommand('triage-clinician', command)).toBe(true);
    }
  });

  it('R-LINK-REOPEN: only the hub (operators and duty managers) reopens a closed card', () => {
    for (const role of ROLES) {
      expect(canRunCommand(role, 'case:reopen')).toBe(role === 'operator' || role === 'duty-manager');
    }
  });

  it('R-IG-BREAKGLASS: only a role whose view withholds detail can break glass; duty managers review', () => {
    for (const role of ROLES) {
      expect(canRunCommand(role, 'case:break-glass')).toBe(role === 'police-officer');
      expect(canRunCommand(role, 'case:review-break-glass')).toBe(role === 'duty-manager');
    }
  });

  it('R-S136-POWER: only a police officer can record a s136 or s135 detention', () => {
    for (const role of ROLES) expect(canRunCommand(role, 'case:detain')).toBe(role === 'police-officer');
  });

  it('R-S136-EXT: assessments, extensions and the end are recorded by health staff, not police', () => {
    for (const command of ['case:record-assessment', 'case:extend-detention', 'case:end-detention'] as const) {
      expect(canRunCommand('police-officer', command)).toBe(false);
      expect(canRunCommand('amhp', command)).toBe(true);
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
