/**
 * On every screen of a demo: nobody may mistake its fictional people and places for real ones, or
 * type a real person's details into it.
 */
export function DemoBand() {
  return (
    <div className="demo-band" role="note">
      Demo — fictional people and places. Do not enter real people’s details.
    </div>
  );
}
