/**
 * What `ant docker tags|load|push` share: `--projects`, `--no-build`, the workspace's images, and
 * an error boundary that prints `error <what went wrong>` and returns 1 instead of a stack trace.
 */
import type { BaseContext } from 'clipanion';
import type { AntCommandContext, WorkspaceView } from '@ant/runner/plugin';
import { workspaceImages, type WorkspaceImage } from '../docker-images.js';
import { Command, Option } from './clipanion.js';

export type DockerCommandContext = BaseContext & AntCommandContext;

export abstract class DockerCommand extends Command<BaseContext> {
  projects = Option.String('--projects', { description: 'Only these projects (comma-separated)' });

  /** The ant context (the host passes an AntCommandContext; clipanion's type does not know it). */
  protected get ant(): DockerCommandContext {
    return this.context as DockerCommandContext;
  }

  abstract run(): Promise<number>;

  async execute(): Promise<number> {
    try {
      return await this.run();
    } catch (error) {
      this.ant.stderr.write(`error ${(error as Error).message ?? String(error)}\n`);
      return 1;
    }
  }

  protected projectList(): string[] | undefined {
    return this.projects ? this.projects.split(',').map((p) => p.trim()).filter(Boolean) : undefined;
  }

  /** The workspace and its images (of `--projects` when given). */
  protected async images(): Promise<{ ws: WorkspaceView; images: WorkspaceImage[] }> {
    const ws = await this.ant.loadWorkspace();
    const images = workspaceImages(ws, this.projectList());
    return { ws, images };
  }

  /** Runs `ant run docker` for the images' projects (cached like any run); returns its exit code. */
  protected async buildImages(images: readonly WorkspaceImage[]): Promise<number> {
    const projects = [...new Set(images.map((i) => i.project))].sort();
    if (projects.length === 0) return 0;
    return this.ant.runTasks(this.projects ? ['docker', '--projects', projects.join(',')] : ['docker']);
  }
}
