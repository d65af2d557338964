import { renderSVG } from 'uqr';

/** The QR code of an otpauth:// address as an SVG document, drawn on the server (no script, no network). */
export function qrSvg(text: string): string {
  return renderSVG(text, { ecc: 'M', border: 2 });
}
