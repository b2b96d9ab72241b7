/** `ant docker tags [--json]`: image name → `name:<tag>` for every service (the seed's all-docker-tags). */
import { imageTags } from '../docker-images.js';
import { Command, Option } from './clipanion.js';
import { DockerCommand } from './docker-command.js';

export class DockerTagsCommand extends DockerCommand {
  static override paths = [['docker', 'tags']];
  static override usage = Command.Usage({
    category: 'Docker',
    description: 'Print the image tag of every service',
    details: `
      Prints one line per image: its name and \`name:<tag>\`, where the tag is the \`docker\` task's
      hash (what \`ant run docker\` tags the image with, besides \`latest\`). Nothing is built.
      With \`--json\`, prints one object: \`{"<image>": "<image>:<tag>", …}\`.
    `,
    examples: [['Print the tags', 'ant docker tags'], ['As JSON', 'ant docker tags --json']],
  });

  json = Option.Boolean('--json', false, { description: 'Print a JSON object' });

  async run(): Promise<number> {
    const { ws, images } = await this.images();
    const tags = await imageTags(ws, images);
    if (this.json) {
      this.ant.stdout.write(`${JSON.stringify(tags, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(0, ...Object.keys(tags).map((k) => k.length));
    for (const [name, tag] of Object.entries(tags)) this.ant.stdout.write(`${name.padEnd(width)}  ${tag}\n`);
    return 0;
  }
}
