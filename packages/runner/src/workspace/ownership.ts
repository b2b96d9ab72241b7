/**
 * File → project ownership by longest path prefix: a file belongs to the deepest project whose
 * root contains it, so nested projects own their own files. Lookups walk up the file's
 * directories (O(depth)), never over all projects.
 */
import type { Project } from '../plugin/api.js';

export class Ownership<P extends Pick<Project, 'name' | 'root'> = Project> {
  readonly #byRoot = new Map<string, P>();

  constructor(projects: readonly P[]) {
    for (const project of projects) this.#byRoot.set(project.root, project);
  }

  /** The project owning a repo-relative file, or undefined for files outside every project. */
  ownerOf(file: string): P | undefined {
    let dir = file;
    for (;;) {
      const slash = dir.lastIndexOf('/');
      if (slash < 0) return this.#byRoot.get('.');
      dir = dir.slice(0, slash);
      const project = this.#byRoot.get(dir);
      if (project) return project;
    }
  }

  /** Groups files by owning project name; files owned by no project go under `undefined`. */
  group(files: Iterable<string>): Map<string | undefined, string[]> {
    const groups = new Map<string | undefined, string[]>();
    for (const file of files) {
      const owner = this.ownerOf(file)?.name;
      let list = groups.get(owner);
      if (!list) groups.set(owner, (list = []));
      list.push(file);
    }
    return groups;
  }
}

/** `services/api` contains `services/api/main.go`; the root `.` contains everything. */
export function isInside(root: string, file: string): boolean {
  return root === '.' || file === root || file.startsWith(root + '/');
}

/** The path of `file` relative to `root` (both repo-relative). */
export function relativeTo(root: string, file: string): string {
  return root === '.' ? file : file.slice(root.length + 1);
}
