/**
 * Where ant keeps its state: `.ant/` in the workspace root, with the cache relocatable by
 * `ANT_CACHE_DIR` or the config's `cacheDir` (e.g. to share one cache between clones or CI jobs).
 */
import path from 'node:path';
import type { AntConfig } from '../config/schema.js';

export interface WorkspaceDirs {
  /** `.ant/` — run summaries, stat cache, tool versions, output state. */
  state: string;
  /** Task cache entries. */
  cache: string;
  /** Run summaries (`--summarize` default location). */
  runs: string;
}

export function resolveDirs(root: string, config: Pick<AntConfig, 'cacheDir'>, env: NodeJS.ProcessEnv): WorkspaceDirs {
  const state = path.join(root, '.ant');
  const configured = env.ANT_CACHE_DIR || config.cacheDir;
  return {
    state,
    cache: configured ? path.resolve(root, configured) : path.join(state, 'cache'),
    runs: path.join(state, 'runs'),
  };
}
