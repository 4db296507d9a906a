// Removes the previous build from dist/ but keeps the committed dist/.gitkeep,
// which lets `//go:embed all:dist` compile in a fresh clone (so no emptyOutDir).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
if (existsSync(dist)) {
  for (const name of readdirSync(dist)) {
    if (name !== '.gitkeep') rmSync(join(dist, name), { recursive: true, force: true });
  }
}
