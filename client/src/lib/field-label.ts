/** Names people know for fields whose words alone would not say it. */
const KNOWN: Record<string, string> = {
  nhsNumber: 'NHS number',
  doctorName: 'Doctor’s name',
  amhpName: 'AMHP’s name',
  isS12Approved: 'Section 12 approved',
  whyNotS12: 'Why not a section 12 doctor',
  arrivedOnSiteAt: 'Arrived on site',
  enteredAt: 'Entered',
  expectedVersion: 'The card',
  at: 'Time',
  by: 'By',
};

/**
 * A field's name as staff would say it, from the path in an error ("person.age.years" → "Years",
 * "doctorName" → "Doctor’s name", "callbackNumber" → "Callback number"), so no internal name reaches a
 * screen.
 */
export function fieldLabel(path: string): string {
  const last =
    path
      .split('.')
      .filter((p) => !/^\d+$/.test(p))
      .at(-1) ?? path;
  if (KNOWN[last]) return KNOWN[last];
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
