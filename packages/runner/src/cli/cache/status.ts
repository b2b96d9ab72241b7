import { Command, Option } from 'clipanion';
import { BaseCommand } from '../base-command.js';

export class CacheStatusCommand extends BaseCommand {
  static paths = [['cache', 'status']];
  static usage = Command.Usage({ category: 'Cache', description: 'Local cache size and entries; the remote cache and whether its token works' });

  json = Option.Boolean('--json', false);

  async run(): Promise<number> {
    const { listEntries, formatBytes } = await import('../../cache/cache-admin.js');
    const workspace = await this.workspace();
    const entries = await listEntries(workspace.dirs.cache);
    const bytes = entries.reduce((s, e) => s + e.bytes, 0);
    let remote: { url?: string; ok: boolean; message: string; tokenAccepted?: boolean; readOnly?: boolean } | undefined;
    const env = this.context.env;
    if (workspace.config.remoteCache?.url || env.ANT_REMOTE_CACHE_URL) {
      const { resolveRemoteCacheOptions } = await import('../../cache/remote-config.js');
      const warnings: string[] = [];
      const options = await resolveRemoteCacheOptions(workspace.config.remoteCache, env, { cwd: workspace.root, warn: (m: string) => warnings.push(m) });
      if (options) {
        const { RemoteCache } = await import('../../cache/remote-cache.js');
        const status = await new RemoteCache({ ...options, retries: 0 }).status();
        remote = { url: options.url, ok: status.ok, message: status.message, tokenAccepted: status.tokenAccepted, readOnly: options.readOnly };
      } else {
        remote = { ok: false, message: warnings.join('; ') || 'not configured' };
      }
    }
    if (this.json) {
      this.context.stdout.write(`${JSON.stringify({ local: { dir: workspace.dirs.cache, entries: entries.length, bytes }, remote: remote ?? null }, null, 2)}\n`);
      return 0;
    }
    const out = this.context.stdout;
    out.write(`local   ${workspace.dirs.cache}\n        ${entries.length} entries, ${formatBytes(bytes)}\n`);
    if (!remote) out.write('remote  not configured (remoteCache in ant.config.json or ANT_REMOTE_CACHE_URL)\n');
    else {
      out.write(`remote  ${remote.url ?? ''}${remote.readOnly ? ' (read-only)' : ''}\n        ${remote.ok ? 'ok' : 'NOT OK'}: ${remote.message}\n`);
      if (remote.tokenAccepted !== undefined) out.write(`        token ${remote.tokenAccepted ? 'accepted' : 'REJECTED'}\n`);
    }
    return remote && !remote.ok ? 1 : 0;
  }
}
