/** `ant docker push`: build (cached) and push every image to a registry. */
import { readBuiltImage } from '../docker-images.js';
import { pluginConfigSchema } from '../config-schema.js';
import { pushImage, type PushResult } from '../image-push.js';
import { RegistryClient } from '../registry-client.js';
import { parseRegistryLocation } from '../registry-ref.js';
import { Command, Option } from './clipanion.js';
import { DockerCommand } from './docker-command.js';

export class DockerPushCommand extends DockerCommand {
  static override paths = [['docker', 'push']];
  static override usage = Command.Usage({
    category: 'Docker',
    description: 'Build the images and push them to a registry',
    details: `
      Runs \`ant run docker\` (cached), then pushes each image as \`<registry>/<name>:<tag>\` and
      \`:latest\` with the OCI distribution API. Blobs the registry has are not uploaded again, and an
      image whose tag already points at the same manifest is skipped.

      The registry is \`--registry\` or \`docker.registry\` in ant.config.json (\`host[:port][/prefix]\`).
      Loopback registries use plain HTTP; \`--insecure\` allows it (and self-signed TLS) elsewhere.
      Credentials: ANT_REGISTRY_USERNAME / ANT_REGISTRY_PASSWORD, else ~/.docker/config.json.
      Exit codes: 0 pushed or unchanged, 1 a build or push failed, 2 no registry configured.
    `,
    examples: [['Push to a local registry', 'ant docker push --registry 127.0.0.1:5000'], ['As JSON', 'ant docker push --json']],
  });

  registry = Option.String('--registry', { description: 'host[:port][/prefix] (default: docker.registry in ant.config.json)' });
  insecure = Option.Boolean('--insecure', false, { description: 'Allow plain HTTP and unverified TLS' });
  build = Option.Boolean('--build', true, { description: 'Run the docker tasks first (default)' });
  chunkSize = Option.String('--chunk-size', { description: 'Upload blobs in chunks of this many bytes (default: one request)' });
  json = Option.Boolean('--json', false, { description: 'Print the results as JSON' });

  async run(): Promise<number> {
    const { ws, images } = await this.images();
    const config = pluginConfigSchema.parse(ws.config.docker ?? {});
    const target = this.registry ?? config.registry;
    if (!target) {
      this.ant.stderr.write('error no registry: pass --registry host[:port][/prefix] or set "docker": { "registry": … } in ant.config.json\n');
      return 2;
    }
    const location = parseRegistryLocation(target);
    const chunkSize = this.chunkSize ? Number(this.chunkSize) : undefined;
    if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize > 0)) {
      this.ant.stderr.write(`error --chunk-size must be a positive number of bytes, got "${this.chunkSize}"\n`);
      return 2;
    }
    if (this.build) {
      const code = await this.buildImages(images);
      if (code !== 0) return code;
    }
    const client = new RegistryClient({
      registry: location.registry,
      insecure: this.insecure || config.insecure,
      ...(location.scheme ? { scheme: location.scheme } : {}),
      env: this.ant.env,
      ...(chunkSize ? { chunkSize } : {}),
    });
    const results: PushResult[] = [];
    for (const image of images) {
      const built = await readBuiltImage(image);
      const repository = location.prefix ? `${location.prefix}/${built.name}` : built.name;
      const result = await pushImage(client, image.dir, built, repository);
      results.push(result);
      if (!this.json) {
        const detail = result.pushed ? `${result.uploaded} blobs uploaded, ${result.skipped} already there` : 'unchanged';
        this.ant.stdout.write(`${result.pushed ? 'pushed   ' : 'unchanged'} ${result.reference} ${result.digest} (${detail})\n`);
      }
    }
    if (this.json) this.ant.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return 0;
  }
}
