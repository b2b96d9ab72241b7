/**
 * `inferTasks`: one `docker` executor task for every project whose config has a `docker` field.
 * The task's options are the fully resolved image specs, so any change to what an image would
 * contain or look like changes the task hash, which is also the image's tag.
 */
import { fileURLToPath } from 'node:url';
import type { PluginContext, Project, TaskSpec } from '@ant/runner/plugin';
import { formatIssues, pluginConfigSchema, serviceDockerSchema } from './config-schema.js';
import type { BuildImagesOptions } from './image-executor.js';
import { resolveImageSpecs } from './image-spec.js';

/** Absolute path of the executor module the core imports in its worker (the compiled file beside this one). */
export const EXECUTOR_MODULE = fileURLToPath(new URL('./image-executor.js', import.meta.url));
export const EXECUTOR_EXPORT = 'buildImages';

/** Builds the executor options for a project, or undefined when it has no `docker` field. */
export function dockerTaskOptions(project: Project, pluginConfig: unknown, hostArch = process.arch): BuildImagesOptions | undefined {
  const raw = project.fields.docker;
  if (raw === undefined || raw === false) return undefined;
  const service = serviceDockerSchema.safeParse(raw === true ? {} : raw);
  if (!service.success) throw new Error(formatIssues(`ant.config.json: services.${project.name}.docker`, service.error));
  const plugin = pluginConfigSchema.safeParse(pluginConfig ?? {});
  if (!plugin.success) throw new Error(formatIssues('ant.config.json: docker', plugin.error));
  const images = resolveImageSpecs({
    projectName: project.name,
    language: project.language,
    fields: project.fields,
    service: service.data,
    plugin: plugin.data,
    hostArch,
  });
  return { images, ...(plugin.data.insecure ? { insecure: true } : {}) };
}

/** The `docker` task, or `{}` for projects without images. */
export async function inferDockerTasks(project: Project, ctx: PluginContext): Promise<Record<string, TaskSpec>> {
  const options = dockerTaskOptions(project, ctx.config);
  if (!options) return {};
  const names = options.images.map((i) => i.name).join(', ');
  return {
    docker: {
      executor: { module: EXECUTOR_MODULE, export: EXECUTOR_EXPORT, options },
      // Images package what `build` (binaries, dist/) and `install` (.venv, node_modules) produced;
      // their hashes flow into this one. The core skips names a project has no task for.
      dependsOn: ['build', 'install'],
      outputs: ['dist/image/**'],
      description: `images ${names} (OCI layout + docker-archive in dist/image/<variant>)`,
    },
  };
}
