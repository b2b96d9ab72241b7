/** `ant docker load`: build (cached) and load every image into the local Docker engine. */
import { join } from 'node:path';
import { readBuiltImage } from '../docker-images.js';
import { DockerEngine, describeEndpoint, engineEndpoint } from '../docker-engine.js';
import { loadImage } from '../image-load.js';
import { Command, Option } from './clipanion.js';
import { DockerCommand } from './docker-command.js';

export class DockerLoadCommand extends DockerCommand {
  static override paths = [['docker', 'load']];
  static override usage = Command.Usage({
    category: 'Docker',
    description: 'Build the images and load them into the local Docker engine',
    details: `
      Runs \`ant run docker\` (cached like any run), then loads each image's docker-archive into the
      engine at \`DOCKER_HOST\` (unix:// or tcp://) or /var/run/docker.sock, through the Engine API:
      no docker CLI is needed. Images the engine already has under the same tag are not loaded
      again; \`latest\` is moved to the new build.

      Exit codes: 0 when every image is loaded or present; 1 when a build or load failed, or when no
      engine answers (the message says where the image tars are, for \`docker load -i\`).
    `,
    examples: [['Load every image', 'ant docker load'], ['Only some services, without rebuilding', 'ant docker load --projects api --no-build']],
  });

  build = Option.Boolean('--build', true, { description: 'Run the docker tasks first (default; --no-build loads what is on disk)' });

  async run(): Promise<number> {
    const { images } = await this.images();
    if (this.build) {
      const code = await this.buildImages(images);
      if (code !== 0) return code;
    }
    const endpoint = engineEndpoint(this.ant.env);
    const engine = endpoint ? new DockerEngine(endpoint) : undefined;
    if (!engine || !(await engine.ping())) {
      const where = endpoint ? describeEndpoint(endpoint) : 'DOCKER_HOST is unset and /var/run/docker.sock does not exist';
      this.ant.stderr.write(`error no Docker engine answers (${where}). The images are built; load them where an engine runs:\n`);
      for (const image of images) this.ant.stderr.write(`  docker load -i ${join(image.dir, 'image.tar')}\n`);
      return 1;
    }
    for (const image of images) {
      const built = await readBuiltImage(image);
      const result = await loadImage(engine, image.dir, built);
      this.ant.stdout.write(`${result.status === 'loaded' ? 'loaded ' : 'present'} ${result.reference} (${built.configDigest.slice(7, 19)})\n`);
    }
    return 0;
  }
}
