/**
 * Turns `remoteCache` from ant.config.json plus the environment into {@link RemoteCacheOptions}.
 * Environment variables (DESIGN §5) win over the config:
 *
 *   ANT_REMOTE_CACHE_URL             the server (no URL anywhere: no remote cache)
 *   ANT_REMOTE_CACHE_TOKEN           the bearer token; else $<tokenEnv>; else `tokenCommand`'s output
 *   ANT_REMOTE_CACHE_TEAM            the team: `team_…` goes out as `teamId`, anything else as `slug`
 *   ANT_REMOTE_CACHE_SIGNATURE_KEY   signs and verifies artifacts; else $<signatureKeyEnv>
 *   ANT_REMOTE_CACHE_READ_ONLY=1     download only (`0` turns a config `write: false` back off)
 *
 * Problems are warnings, never errors: a run without its remote cache is still a correct run.
 * Signed and unsigned caches do not mix: when `signatureKeyEnv` is configured but its variable is
 * empty, the remote is switched off rather than trusting unsigned artifacts.
 */
import { execFile } from 'node:child_process';
import type { RemoteCacheOptions } from './remote-cache.js';
import { MIN_SIGNATURE_KEY_BYTES } from './signature.js';

/** The `remoteCache` section of ant.config.json, as far as the remote client cares. */
export interface RemoteCacheConfig {
  url?: string;
  team?: string;
  /** Name of the env var holding the token (default: only ANT_REMOTE_CACHE_TOKEN is read). */
  tokenEnv?: string;
  /** Shell command printing the token (e.g. `op read op://Eng/ant/token`); run only when no env var has one. */
  tokenCommand?: string;
  /** Name of the env var holding the signature key. */
  signatureKeyEnv?: string;
  /** `false` = read-only. */
  write?: boolean;
  /**
   * When set, the deadline of every phase of an exchange: response headers, reading a body, and an
   * upload. A server that drips bytes or swallows uploads cannot hold a run past it.
   */
  timeoutMs?: number;
}

/** How the resolver reports problems and where it runs `tokenCommand`. */
export interface ResolveRemoteCacheContext {
  warn: (message: string) => void;
  /** Working directory for `tokenCommand` (default: the process's). */
  cwd?: string;
  /** Deadline for `tokenCommand` in ms (default 30 s: a password manager may prompt). */
  tokenCommandTimeoutMs?: number;
}

function runTokenCommand(command: string, env: NodeJS.ProcessEnv, context: ResolveRemoteCacheContext): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'sh',
      ['-c', command],
      { env, cwd: context.cwd, timeout: context.tokenCommandTimeoutMs ?? 30_000, maxBuffer: 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const firstLine = String(stderr).trim().split('\n')[0] ?? '';
          const why = error.killed ? 'timed out' : `exited with ${error.code ?? 'an error'}`;
          reject(new Error(`${why}${firstLine ? `: ${firstLine.slice(0, 200)}` : ''}`));
          return;
        }
        const token = String(stdout).trim();
        if (!token) reject(new Error('printed nothing'));
        else resolve(token);
      },
    );
  });
}

function parseReadOnly(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  return !['0', 'false', 'no'].includes(value.toLowerCase());
}

/**
 * Resolves the remote cache options, or undefined when there is no remote cache (no URL, a bad
 * URL, a failing `tokenCommand`, or a configured signature key that is missing; each but the
 * first with a warning). The returned options carry `context.warn` for the client's own warnings.
 */
export async function resolveRemoteCacheOptions(
  config: RemoteCacheConfig | undefined,
  env: NodeJS.ProcessEnv,
  context: ResolveRemoteCacheContext,
): Promise<RemoteCacheOptions | undefined> {
  const url = env.ANT_REMOTE_CACHE_URL || config?.url;
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    context.warn(`remote cache URL ${JSON.stringify(url)} is not a URL; continuing without the remote cache`);
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    context.warn(`remote cache URL must be http or https, found ${parsed.protocol}; continuing without the remote cache`);
    return undefined;
  }
  if (parsed.username || parsed.password) {
    // Printing this URL in any message would leak the credentials, so refuse it outright.
    context.warn('remote cache URL carries credentials; put the token in ANT_REMOTE_CACHE_TOKEN instead. Continuing without the remote cache');
    return undefined;
  }

  // Trimmed: a token pasted with its newline would be an invalid header, and echoed in the error.
  let token = (env.ANT_REMOTE_CACHE_TOKEN || (config?.tokenEnv ? env[config.tokenEnv] : undefined))?.trim() || undefined;
  if (!token && config?.tokenCommand) {
    try {
      token = await runTokenCommand(config.tokenCommand, env, context);
    } catch (error) {
      context.warn(`remoteCache.tokenCommand ${JSON.stringify(config.tokenCommand)} ${(error as Error).message}; continuing without the remote cache`);
      return undefined;
    }
  }

  const signatureKey =
    env.ANT_REMOTE_CACHE_SIGNATURE_KEY || (config?.signatureKeyEnv ? env[config.signatureKeyEnv] : undefined) || undefined;
  if (!signatureKey && config?.signatureKeyEnv) {
    context.warn(
      `remoteCache.signatureKeyEnv names ${config.signatureKeyEnv}, which is not set; continuing without the remote cache rather than trusting unsigned artifacts`,
    );
    return undefined;
  }
  if (signatureKey && Buffer.byteLength(signatureKey) < MIN_SIGNATURE_KEY_BYTES) {
    context.warn(`the remote cache signature key is shorter than ${MIN_SIGNATURE_KEY_BYTES} bytes; use a longer random key`);
  }

  const team = env.ANT_REMOTE_CACHE_TEAM || config?.team || undefined;
  const readOnly = parseReadOnly(env.ANT_REMOTE_CACHE_READ_ONLY) ?? config?.write === false;
  return {
    url,
    token,
    // As turbo does: an id that looks like one (`team_…`) is a teamId, anything else a slug.
    teamId: team?.startsWith('team_') ? team : undefined,
    slug: team && !team.startsWith('team_') ? team : undefined,
    signatureKey,
    readOnly,
    timeoutMs: config?.timeoutMs,
    bodyTimeoutMs: config?.timeoutMs,
    uploadTimeoutMs: config?.timeoutMs,
    warn: context.warn,
  };
}
