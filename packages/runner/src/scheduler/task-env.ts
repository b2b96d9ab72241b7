/**
 * The environment a task runs with. Strict, as in Turborepo's strict mode: only a small set of
 * system variables pass through, plus what the task declares. A task therefore cannot depend on
 * a variable its hash does not know about, which is what keeps cache hits honest.
 */
import path from 'node:path';
import type { TaskSpec } from '../plugin/api.js';

const SYSTEM_VARS = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TERM', 'LANG', 'TZ', 'CI', 'NO_COLOR', 'FORCE_COLOR',
  'COLORTERM', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy',
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'NODE_EXTRA_CA_CERTS', 'SYSTEMROOT', 'COMSPEC', 'XDG_RUNTIME_DIR',
  'XDG_CACHE_HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'DOCKER_HOST',
];

export function taskEnvironment(
  spec: TaskSpec,
  root: string,
  globalEnv: readonly string[],
  globalPassThrough: readonly string[],
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const out: Record<string, string> = {};
  const take = (name: string) => {
    if (name.endsWith('*')) {
      const prefix = name.slice(0, -1);
      for (const [key, value] of Object.entries(env)) if (key.startsWith(prefix) && value !== undefined) out[key] = value;
    } else if (env[name] !== undefined) {
      out[name] = env[name]!;
    }
  };
  for (const name of SYSTEM_VARS) take(name);
  for (const [key, value] of Object.entries(env)) if (key.startsWith('LC_') && value !== undefined) out[key] = value;
  for (const name of globalEnv) take(name);
  for (const name of globalPassThrough) take(name);
  for (const name of spec.env ?? []) take(name);
  for (const name of spec.passThroughEnv ?? []) take(name);
  Object.assign(out, spec.setEnv ?? {});
  if (spec.pathPrepend?.length) {
    const extra = spec.pathPrepend.map((p) => (path.isAbsolute(p) ? p : path.join(root, p)));
    out.PATH = [...extra, out.PATH ?? ''].filter(Boolean).join(path.delimiter);
  }
  return out;
}
