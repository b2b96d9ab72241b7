import { Command, Option } from 'clipanion';
import { GraphError } from '../../errors.js';
import { BaseCommand } from '../base-command.js';

export class ShowProjectCommand extends BaseCommand {
  static paths = [['show', 'project']];
  static usage = Command.Usage({
    category: 'Workspace',
    description: 'Show one project: its fields, dependencies, dependents and fully resolved tasks',
    examples: [['The api service', 'ant show project api --json']],
  });

  name = Option.String({ required: true });
  json = Option.Boolean('--json', false, { description: 'Print JSON' });

  async run(): Promise<number> {
    const workspace = await this.workspace();
    const project = workspace.projectByName.get(this.name);
    if (!project) {
      throw new GraphError(`unknown project "${this.name}"`, {
        code: 'ANT_GRAPH_UNKNOWN_PROJECT',
        hint: `known projects: ${workspace.projects.map((p) => p.name).join(', ')}`,
      });
    }
    const dependents = [...workspace.dependencies].filter(([, deps]) => deps.includes(project.name)).map(([name]) => name).sort();
    const data = {
      name: project.name,
      language: project.language,
      path: project.root,
      discoveredBy: project.discoveredBy,
      tags: project.tags,
      fields: project.fields,
      dependencies: workspace.dependencies.get(project.name) ?? [],
      dependents,
      tasks: workspace.tasks.get(project.name) ?? {},
    };
    if (this.json) {
      this.context.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return 0;
    }
    const out = this.context.stdout;
    out.write(`${data.name} (${data.language}) at ${data.path}${data.discoveredBy ? `, found by ${data.discoveredBy}` : ''}\n`);
    if (Object.keys(data.fields).length) out.write(`fields: ${JSON.stringify(data.fields)}\n`);
    out.write(`dependencies: ${data.dependencies.join(', ') || '(none)'}\n`);
    out.write(`dependents: ${dependents.join(', ') || '(none)'}\n`);
    out.write('tasks:\n');
    for (const [name, spec] of Object.entries(data.tasks)) {
      const what = spec.command ? (Array.isArray(spec.command) ? spec.command.join(' ') : spec.command) : spec.executor ? `executor ${spec.executor.export}` : '(group)';
      out.write(`  ${name}: ${what}${spec.dependsOn?.length ? `  after ${spec.dependsOn.join(', ')}` : ''}${spec.outputs?.length ? `  → ${spec.outputs.join(', ')}` : ''}${spec.description ? `  — ${spec.description}` : ''}\n`);
    }
    return 0;
  }
}
