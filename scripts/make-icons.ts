// npm run icons: draws the add-in icon (an envelope on a rounded square) at every
// size the manifest uses, into addin/public/icons. The PNGs are committed; run this
// only to change the design.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { ICON_SIZES } from '../addin/manifest/manifest.ts';

const OUT = path.resolve(import.meta.dirname, '../addin/public/icons');
type Rgb = readonly [number, number, number];
const BRAND: Rgb = [0x0f, 0x6c, 0xbd]; // Fluent's brand blue
const WHITE: Rgb = [0xff, 0xff, 0xff];

function draw(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const r = size * 0.2; // corner radius
  // Envelope: a white rectangle with a brand-coloured "V" flap, drawn in unit coordinates.
  const inside = (x: number, y: number) => {
    const cx = Math.min(Math.max(x, r), size - r);
    const cy = Math.min(Math.max(y, r), size - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      let color = BRAND;
      const alpha = inside(x + 0.5, y + 0.5) ? 255 : 0;
      const inEnvelope = u > 0.2 && u < 0.8 && v > 0.3 && v < 0.7;
      if (inEnvelope) {
        const flap = Math.abs(v - 0.3 - (0.5 - Math.abs(u - 0.5)) * 0.66) < 0.045 + 0.5 / size;
        color = flap ? BRAND : WHITE;
      }
      const i = (y * size + x) * 4;
      [png.data[i], png.data[i + 1], png.data[i + 2]] = color;
      png.data[i + 3] = alpha;
    }
  }
  return PNG.sync.write(png);
}

mkdirSync(OUT, { recursive: true });
for (const size of ICON_SIZES) writeFileSync(path.join(OUT, `icon-${size}.png`), draw(size));
console.error(`Wrote ${ICON_SIZES.length} icons to ${OUT}`);
