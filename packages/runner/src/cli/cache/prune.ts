import { Command, Option } from 'clipanion';
import { BaseCommand } from '../base-command.js';

export class CachePruneCommand extends BaseCommand {
  static paths = [['cache', 'prune']];
  static usage = Command.Usage({
    category: 'Cache',
    description: 'Evict least recently used local cache entries down to a size, or older than an age',
    examples: [['Keep at most 5 GB, nothing unused for a week', 'ant cache prune --max-size 5GB --max-age 7d']],
  });

  maxSize = Option.String('--max-size', { description: 'e.g. 5GB (default 10GB when no limit is given)' });
  maxAge = Option.String('--max-age', { description: 'e.g. 7d, 12h' });

  async run(): Promise<number> {
    const { pruneEntries, parseSize, parseAge, formatBytes } = await import('../../cache/cache-admin.js');
    const workspace = await this.workspace();
    const limits = {
      maxBytes: this.maxSize ? parseSize(this.maxSize) : this.maxAge ? undefined : 10e9,
      maxAgeMs: this.maxAge ? parseAge(this.maxAge) : undefined,
    };
    const result = await pruneEntries(workspace.dirs.cache, limits);
    const freed = result.removed.reduce((s, e) => s + e.bytes, 0);
    this.context.stdout.write(`removed ${result.removed.length} entries (${formatBytes(freed)}); ${result.remainingEntries} left (${formatBytes(result.remainingBytes)})\n`);
    return 0;
  }
}
