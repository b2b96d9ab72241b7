/** Gathers a {@link MotdInput} for a composed shell from the workspace (tools probe versions). */
import path from 'node:path';
import type { Workspace } from '../workspace/workspace.js';
import type { ComposedDevshell } from './compose.js';
import { collectMenuCommands } from './menu-commands.js';
import type { MotdInput } from './motd.js';
import { collectTools } from './tools.js';

/** The motd's input for `shell`, a shell composed from `workspace`. */
export async function motdInput(workspace: Workspace, shell: ComposedDevshell): Promise<MotdInput> {
  const project = shell.project;
  return {
    name: workspace.config.devshell?.name ?? path.basename(workspace.root),
    project: project ? { name: project.name, language: project.language, root: project.root } : null,
    intro: workspace.config.devshell?.motd,
    services: workspace.projects.map((p) => ({ name: p.name, language: p.language })),
    tools: await collectTools(shell, workspace.toolVersions),
    commands: collectMenuCommands(workspace),
    notes: shell.contributions.flatMap((c) => c.spec.motd ?? []),
  };
}
