/**
 * Merges the projects declared under `services` with those plugins discovered. A discovered
 * project at the same root as a service becomes that service (the service's name, language and
 * fields win). Two projects with one name, or two at one root, are errors.
 */
import path from 'node:path';
import { WorkspaceError } from '../errors.js';
import type { ServiceConfig } from '../config/schema.js';
import type { Project, ProjectSpec, TaskSpec } from '../plugin/api.js';

export interface ProjectRecord {
  project: Project;
  /** Tasks the discovering plugin attached at discovery time. */
  discoveredTasks: Record<string, TaskSpec>;
  /** The service config, when the project is declared in `services`. */
  service?: ServiceConfig;
}

const SERVICE_KEYS = new Set(['language', 'path', 'tags', 'dependsOn', 'tasks']);

/** Normalises a user-written project path to a repo path (`./a/b/` → `a/b`, `` → `.`). */
export function normalizeRoot(input: string): string {
  const normal = path.posix.normalize(input.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normal === '' || normal === './' ? '.' : normal.replace(/^\.\//, '');
}

export function mergeProjects(
  root: string,
  services: Record<string, ServiceConfig>,
  discovered: { plugin: string; spec: ProjectSpec }[],
): ProjectRecord[] {
  const byRoot = new Map<string, ProjectRecord>();
  const byName = new Map<string, ProjectRecord>();

  const add = (record: ProjectRecord, origin: string) => {
    const { name, root: projectRoot } = record.project;
    const sameName = byName.get(name);
    if (sameName) {
      throw new WorkspaceError(
        `two projects are named "${name}": one at ${sameName.project.root}, one at ${projectRoot} (${origin})`,
        { code: 'ANT_WORKSPACE_DUPLICATE_NAME', file: 'ant.config.json', project: name, hint: 'rename one of them, or declare it under "services" with a unique name' },
      );
    }
    byName.set(name, record);
    byRoot.set(projectRoot, record);
  };

  for (const [name, service] of Object.entries(services)) {
    const projectRoot = normalizeRoot(service.path);
    if (projectRoot.startsWith('..') || path.isAbsolute(projectRoot)) {
      throw new WorkspaceError(`path must stay inside the workspace, found ${JSON.stringify(service.path)}`, {
        code: 'ANT_WORKSPACE_PATH_OUTSIDE',
        file: 'ant.config.json',
        field: `services.${name}.path`,
        hint: 'use a path relative to the directory of ant.config.json',
      });
    }
    const clash = byRoot.get(projectRoot);
    if (clash) {
      throw new WorkspaceError(`services "${clash.project.name}" and "${name}" both have path ${projectRoot}`, {
        code: 'ANT_WORKSPACE_OVERLAP',
        file: 'ant.config.json',
        field: `services.${name}.path`,
        hint: 'each project needs its own directory',
      });
    }
    const fields = Object.fromEntries(Object.entries(service).filter(([key]) => !SERVICE_KEYS.has(key)));
    add(
      {
        project: makeProject(root, name, projectRoot, service.language, fields, service.tags ?? []),
        discoveredTasks: {},
        service,
      },
      'from services',
    );
  }

  for (const { plugin, spec } of discovered) {
    const projectRoot = normalizeRoot(spec.root);
    const existing = byRoot.get(projectRoot);
    if (existing) {
      if (existing.service) {
        // The config declares this project: its name and fields win over the plugin's.
        existing.project = makeProject(
          root,
          existing.project.name,
          projectRoot,
          existing.project.language,
          { ...spec.fields, ...existing.project.fields },
          [...new Set([...(spec.tags ?? []), ...existing.project.tags])],
          plugin,
        );
        existing.discoveredTasks = { ...existing.discoveredTasks, ...spec.tasks };
        continue;
      }
      if (existing.project.language === spec.language) continue; // two plugins found the same project
      throw new WorkspaceError(
        `${projectRoot} was discovered twice: as "${existing.project.name}" (${existing.project.language}, by ${existing.project.discoveredBy}) and "${spec.name}" (${spec.language}, by ${plugin})`,
        {
          code: 'ANT_WORKSPACE_OVERLAP',
          hint: `declare it under "services" in ant.config.json with the language you want, e.g. "${spec.name}": {"language": "${existing.project.language}", "path": "${projectRoot}"}`,
        },
      );
    }
    add(
      {
        project: makeProject(root, spec.name, projectRoot, spec.language, spec.fields ?? {}, spec.tags ?? [], plugin),
        discoveredTasks: spec.tasks ?? {},
      },
      `discovered by ${plugin}`,
    );
  }
  return [...byName.values()].sort((a, b) => (a.project.name < b.project.name ? -1 : a.project.name > b.project.name ? 1 : 0));
}

function makeProject(
  workspaceRoot: string,
  name: string,
  projectRoot: string,
  language: string,
  fields: Record<string, unknown>,
  tags: string[],
  discoveredBy?: string,
): Project {
  return Object.freeze({
    name,
    root: projectRoot,
    absRoot: projectRoot === '.' ? workspaceRoot : path.join(workspaceRoot, projectRoot),
    language,
    fields: Object.freeze({ ...fields }),
    tags: Object.freeze([...tags]),
    discoveredBy,
  });
}
