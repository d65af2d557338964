/**
 * On every screen of a demo: nobody may mistake its fictional people and places for real ones, or
 * type a real person's details into it. A landmark of its own, so a screen reader finds it with the rest.
 */
export function DemoBand() {
  return (
    <aside className="demo-band" aria-label="Demo">
      Demo — fictional people and places. Do not enter real people’s details.
    </aside>
  );
}
