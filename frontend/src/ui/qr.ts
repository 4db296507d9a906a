// The join link as a QR code, made in the browser with uqr (no outside service sees the link).
import { encode } from 'uqr';

/** Modules of light margin around the code, so phone cameras find its edges on a busy slide. */
export const QR_QUIET_ZONE = 3;

/** A QR code ready to draw: its width in modules and one SVG path of its dark modules. */
export interface QrDrawing {
  size: number;
  path: string;
}

/**
 * Encodes `text` (error correction M: still reads with a glare spot on a projector) and
 * draws each run of dark modules in a row as one rectangle.
 */
export function qrDrawing(text: string): QrDrawing {
  const qr = encode(text, { ecc: 'M', border: QR_QUIET_ZONE });
  return { size: qr.size, path: qrPath(qr.data) };
}

/** The SVG path of the dark modules of `rows` (true = dark), one rectangle per horizontal run. */
export function qrPath(rows: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  rows.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      let run = 1;
      while (row[x + run]) run++;
      parts.push(`M${x} ${y}h${run}v1h-${run}z`);
      x += run;
    }
  });
  return parts.join('');
}
