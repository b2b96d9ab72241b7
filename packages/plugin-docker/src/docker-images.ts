/**
 * The images of a workspace, as the commands (`ant docker tags|load|push`) see them: read from the
 * `docker` tasks' resolved options, with the tag from the task hash and the build from disk.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkspaceView } from '@ant/runner/plugin';
import { EXECUTOR_EXPORT } from './tasks.js';
import type { BuildImagesOptions } from './image-executor.js';
import { variantOutDir } from './image-executor.js';
import type { BuiltImage } from './image-builder.js';

/** One image variant of one project. */
export interface WorkspaceImage {
  project: string;
  variant: string;
  /** Repository name, e.g. `api-test`. */
  name: string;
  /** Absolute `<project>/dist/image/<variant>`. */
  dir: string;
}

/** Every image of the workspace (optionally only of `projects`), sorted by name. */
export function workspaceImages(ws: WorkspaceView, projects?: readonly string[]): WorkspaceImage[] {
  const known = new Set(ws.projects.map((p) => p.name));
  const unknown = (projects ?? []).filter((p) => !known.has(p));
  if (unknown.length) throw new Error(`Unknown project(s): ${unknown.join(', ')}. Known: ${[...known].sort().join(', ')}`);
  const images: WorkspaceImage[] = [];
  for (const project of ws.projects) {
    if (projects && !projects.includes(project.name)) continue;
    const task = ws.tasks(project.name).docker;
    if (task?.executor?.export !== EXECUTOR_EXPORT) continue;
    for (const spec of (task.executor.options as BuildImagesOptions).images) {
      images.push({ project: project.name, variant: spec.variant, name: spec.name, dir: join(project.absRoot, variantOutDir(spec.variant)) });
    }
  }
  return images.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The seed's `all-docker-tags`: image name → `name:<task hash>`. */
export async function imageTags(ws: WorkspaceView, images: readonly WorkspaceImage[]): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for (const image of images) tags[image.name] = `${image.name}:${await ws.taskHash(`${image.project}:docker`)}`;
  return tags;
}

/** Reads `image.json` of a built image; says how to build it when it is missing. */
export async function readBuiltImage(image: WorkspaceImage): Promise<BuiltImage> {
  const text = await readFile(join(image.dir, 'image.json'), 'utf8').catch(() => undefined);
  if (!text) throw new Error(`${image.name}: no image in ${image.dir}; build it with \`ant run docker --projects ${image.project}\``);
  return JSON.parse(text) as BuiltImage;
}
