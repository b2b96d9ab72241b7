/**
 * clipanion, loaded the way Node loads it. clipanion has no "exports" map: Node's ESM loader takes
 * its CommonJS "main", while Vite/vitest follow its "module" field to an .mjs build with directory
 * imports Node cannot load. Requiring it gives the same module in both.
 */
import { createRequire } from 'node:module';

export const { Command, Option } = createRequire(import.meta.url)('clipanion') as typeof import('clipanion');
