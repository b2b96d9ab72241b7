import { Command } from 'clipanion';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { BaseCommand } from '../base-command.js';

export class CacheCleanCommand extends BaseCommand {
  static paths = [['cache', 'clean']];
  static usage = Command.Usage({ category: 'Cache', description: 'Delete the whole local cache (and the record of outputs on disk)' });

  async run(): Promise<number> {
    const workspace = await this.workspace();
    await rm(workspace.dirs.cache, { recursive: true, force: true });
    await rm(path.join(workspace.dirs.state, 'output-state.json'), { force: true });
    this.context.stdout.write(`removed ${workspace.dirs.cache}\n`);
    return 0;
  }
}
