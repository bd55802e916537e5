// The journey modules load TypeScript's parser, which takes about 0.1 s: they are required on
// first use, so the server and the CLI start as fast as before when no journey file is read.
// Import their types freely; import their functions only through here.

import type * as Analyse from './analyse';
import type * as Cursor from './cursor';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use, as said above */
export const journeyAnalysis = (): typeof Analyse => require('./analyse') as typeof Analyse;
export const journeyCursors = (): typeof Cursor => require('./cursor') as typeof Cursor;
