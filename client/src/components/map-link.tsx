/** "Open in maps": a place in the device's own maps app, by its coordinates or, failing those, its description. */
export function MapLink({
  coordinates,
  description,
}: {
  coordinates: { lat: number; lng: number } | null;
  description: string | null;
}) {
  const query = coordinates ? `${coordinates.lat},${coordinates.lng}` : description;
  if (!query) return null;
  return (
    <a
      className="button map-link"
      href={`https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(query)}`}
      target="_blank"
      rel="noreferrer"
    >
      Open in maps
    </a>
  );
}
