import { Command, Option } from 'clipanion';
import * as t from 'typanion';
import { writeFile } from 'node:fs/promises';
import { BaseCommand } from './base-command.js';
import { splitList } from './run.js';

export class GraphCommand extends BaseCommand {
  static paths = [['graph']];
  static usage = Command.Usage({
    category: 'Workspace',
    description: 'Print the project graph and the task graph (JSON, Graphviz dot, or an interactive HTML page)',
    examples: [
      ['Task graph of build as dot', 'ant graph --format dot --tasks build | dot -Tsvg > graph.svg'],
      ['Interactive page', 'ant graph --format html --out graph.html --open'],
    ],
  });

  format = Option.String('--format', 'json', { validator: t.isEnum(['json', 'dot', 'html']), description: 'json | dot | html' });
  out = Option.String('--out', { description: 'Write to this file instead of stdout' });
  tasks = Option.String('--tasks', { description: 'Comma-separated task names to include in the task graph (default: all)' });
  affected = Option.Boolean('--affected', false, { description: 'Mark the projects affected since --base' });
  base = Option.String('--base');
  open = Option.Boolean('--open', false, { description: 'Open the HTML page in a browser' });

  async run(): Promise<number> {
    const { buildGraphDocument, toDot } = await import('./graph-action.js');
    const workspace = await this.workspace();
    let affected: string[] | undefined;
    if (this.affected) {
      const { computeAffected } = await import('../scm/affected.js');
      affected = (await computeAffected(workspace, { base: this.base })).projects;
    }
    const doc = await buildGraphDocument(workspace, splitList(this.tasks), affected);
    let text: string;
    if (this.format === 'json') text = `${JSON.stringify(doc, null, 2)}\n`;
    else if (this.format === 'dot') text = toDot(doc);
    else {
      const { renderGraphHtml } = await import('../report/html-graph.js');
      text = renderGraphHtml(doc);
    }
    if (this.out) {
      await writeFile(this.out, text);
      this.context.stderr.write(`wrote ${this.out}\n`);
      if (this.open) {
        const { spawn } = await import('node:child_process');
        const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
        spawn(opener, [this.out], { stdio: 'ignore', detached: true }).on('error', () => this.context.stderr.write(`could not run ${opener}; open ${this.out} yourself\n`)).unref();
      }
    } else {
      this.context.stdout.write(text);
    }
    return 0;
  }
}
