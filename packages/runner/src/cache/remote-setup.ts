/**
 * Builds the remote store for a run from `remoteCache` in the config and `ANT_REMOTE_CACHE_*` env,
 * or undefined when no remote is configured. Loaded lazily: runs without a remote never import
 * the HTTP client.
 */
import type { Workspace } from '../workspace/workspace.js';
import type { RemoteStore } from './tiered-cache.js';

export async function createRemoteStore(
  workspace: Workspace,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): Promise<RemoteStore | undefined> {
  if (!workspace.config.remoteCache?.url && !env.ANT_REMOTE_CACHE_URL) return undefined;
  const { resolveRemoteCacheOptions } = await import('./remote-config.js');
  const options = await resolveRemoteCacheOptions(workspace.config.remoteCache, env, { cwd: workspace.root, warn });
  if (!options) return undefined;
  const { RemoteCache } = await import('./remote-cache.js');
  const client = new RemoteCache({ ...options, warn });
  return {
    get: (hash) => client.get(hash),
    put: (hash, body, meta) => client.put(hash, body, meta.durationMs),
    flush: async () => {
      await client.flush();
      const { closeIdleConnections } = await import('./remote-http.js');
      await closeIdleConnections();
    },
  };
}
