/**
 * @ant/plugin-docker: container images for every service, built without a Docker daemon the way
 * Nix dockerTools did (reproducible layers, content-hash tags), then loaded or pushed.
 * This file only assembles the plugin; each hook lives in its own file.
 */
import type { AntPlugin } from '@ant/runner/plugin';
import { DockerLoadCommand } from './commands/load.js';
import { DockerPushCommand } from './commands/push.js';
import { DockerTagsCommand } from './commands/tags.js';
import { pluginConfigSchema } from './config-schema.js';
import { dockerHashInputs } from './hash-inputs.js';
import { inferDockerTasks } from './tasks.js';

export type { BuiltImage } from './image-builder.js';
export type { ImageSpec } from './image-spec.js';
export { buildImages } from './image-executor.js';

const plugin: AntPlugin = {
  name: '@ant/plugin-docker',
  // Images are for any language: the plugin adds a task only where `services.<name>.docker` is set.
  languages: ['*'],
  configKey: 'docker',
  configSchema: pluginConfigSchema,
  inferTasks: inferDockerTasks,
  hashInputs: dockerHashInputs,
  commands: [DockerTagsCommand, DockerLoadCommand, DockerPushCommand],
};

export default plugin;
