// Lets `node --test` (Node 20, no built-in type stripping) import the app's plain .ts modules:
// `node --import ./test/register-ts.mjs --test src/lib/*.test.ts`.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
