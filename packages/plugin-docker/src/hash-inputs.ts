/**
 * `hashInputs` of the `docker` task: what the task hash cannot see in the executor options, i.e.
 * the identity of a base image on disk, and the version of the image format this plugin writes.
 */
import { readFile, stat } from 'node:fs/promises';
import type { PluginContext, Project, TaskSpec } from '@ant/runner/plugin';
import { resolveBasePath, splitLayoutRef } from './base-image.js';
import { sha256, sha256File } from './digest.js';
import type { BuildImagesOptions } from './image-executor.js';
import { join } from 'node:path';

/**
 * Bumped whenever the bytes this plugin writes for the same input change (tar encoding, JSON
 * layout), so cached images built by an older plugin are not reused under the same tag.
 */
export const IMAGE_FORMAT_VERSION = '1';

export async function dockerHashInputs(project: Project, taskName: string, task: TaskSpec, ctx: PluginContext): Promise<Record<string, string>> {
  if (taskName !== 'docker' || !task.executor) return {};
  const options = task.executor.options as BuildImagesOptions | undefined;
  const inputs: Record<string, string> = { 'image-format': IMAGE_FORMAT_VERSION };
  const where = { root: ctx.root, projectRoot: project.absRoot };
  for (const base of new Set((options?.images ?? []).map((i) => i.base))) {
    if (base.startsWith('oci:')) {
      // index.json names the manifest digest, which pins every blob below it.
      const dir = resolveBasePath(splitLayoutRef(base.slice(4)).dir, where);
      const index = await readFile(join(dir, 'index.json'), 'utf8').catch(() => 'missing');
      inputs[`base:${base}`] = sha256(index);
    } else if (base.startsWith('docker-archive:')) {
      const file = resolveBasePath(base.slice('docker-archive:'.length), where);
      inputs[`base:${base}`] = (await stat(file).catch(() => undefined)) ? (await sha256File(file)).digest : 'missing';
    } else if (base.startsWith('docker://') && !base.includes('@sha256:')) {
      // A tag can move; only a digest pins the base. The reference itself is in the options.
      ctx.logger.warn(`${project.name}: base image ${base} is not pinned by digest; the image is rebuilt only when the config changes`);
    }
  }
  return inputs;
}
