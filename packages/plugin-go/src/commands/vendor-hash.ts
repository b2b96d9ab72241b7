/**
 * `ant go vendor-hash [project…] [--write]`: computes buildGoModule's `vendorHash` for Go projects
 * (by running `go mod vendor` into a temp dir) and, with `--write`, stores it in ant.config.json,
 * editing only that value so the rest of the file keeps its formatting.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Command, Option } from '@ant/runner/plugin';
import type { BaseContext } from 'clipanion';
import type { AntCommandContext, Project, WorkspaceView } from '@ant/runner/plugin';
import { setJsonProperty } from '../json-edit.js';
import { emptyVendorMessage, proxyVendorTree, vendorTree } from '../vendor-hash.js';

/** Where the command writes; a subset of the command context so tests can call {@link vendorHashes}. */
export interface VendorHashIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

function pickProjects(view: WorkspaceView, names: string[], io: VendorHashIo): Project[] | undefined {
  const goProjects = view.projects.filter((p) => p.language === 'go');
  if (names.length === 0) {
    const declared = goProjects.filter((p) => typeof p.fields.vendorHash === 'string');
    if (declared.length === 0) {
      io.stderr.write(`No Go project declares a vendorHash string. Name one: ant go vendor-hash <project>. Go projects: ${goProjects.map((p) => p.name).join(', ') || '(none)'}\n`);
    }
    return declared.length === 0 ? undefined : declared;
  }
  const picked: Project[] = [];
  for (const name of names) {
    const project = goProjects.find((p) => p.name === name);
    if (project === undefined) {
      io.stderr.write(`"${name}" is not a Go project of this workspace. Go projects: ${goProjects.map((p) => p.name).join(', ') || '(none)'}\n`);
      return undefined;
    }
    picked.push(project);
  }
  return picked;
}

/** Writes `value` as services.<name>.vendorHash, adding the service entry when it is only discovered. */
async function writeVendorHash(view: WorkspaceView, project: Project, value: string | null): Promise<string> {
  const text = await readFile(view.configFile, 'utf8');
  const services = (view.config.services ?? {}) as Record<string, unknown>;
  const updated =
    project.name in services
      ? setJsonProperty(text, ['services', project.name, 'vendorHash'], value, view.configFile)
      : setJsonProperty(text, ['services', project.name], { language: 'go', path: project.root, vendorHash: value }, view.configFile);
  if (updated !== text) await writeFile(view.configFile, updated);
  return updated;
}

/**
 * Computes (and with `write`, stores) the vendorHash of the named Go projects, or of every Go
 * project that declares one. Returns the exit code: 0 ok, 1 go failed or a write was refused, 2 usage.
 */
export async function vendorHashes(view: WorkspaceView, names: string[], write: boolean, io: VendorHashIo): Promise<number> {
  const projects = pickProjects(view, names, io);
  if (projects === undefined) return 2;
  if (write && !view.configFile.endsWith('.json')) {
    io.stderr.write(`--write edits JSON configs only; ${view.configFile} is not one. Copy the hash below into it by hand.\n`);
    write = false;
  }
  let exitCode = 0;
  for (const project of projects) {
    const proxyVendor = project.fields.proxyVendor === true;
    const tree = proxyVendor ? await proxyVendorTree(project.absRoot, io.env) : await vendorTree(project.absRoot, io.env);
    if (tree.kind === 'failed') {
      io.stderr.write(`${tree.output}${proxyVendor ? 'go mod download' : 'go mod vendor'} failed in ${project.root} (exit ${tree.exitCode})\n`);
      exitCode = 1;
      continue;
    }
    const value = tree.kind === 'hash' ? tree.sri : null;
    if (tree.kind === 'empty') io.stderr.write(`${emptyVendorMessage(project.root, project.name, proxyVendor)}\n`);
    io.stdout.write(projects.length === 1 && names.length === 1 ? `${value}\n` : `${project.name} ${value}\n`);
    const declared = project.fields.vendorHash;
    if (declared === value) {
      io.stderr.write(`${project.name}: ant.config.json already has this vendorHash\n`);
    } else if (write) {
      await writeVendorHash(view, project, value);
      io.stderr.write(`${project.name}: wrote services.${project.name}.vendorHash = ${JSON.stringify(value)} to ${view.configFile}\n`);
    } else if (declared !== undefined) {
      io.stderr.write(`${project.name}: ant.config.json has ${JSON.stringify(declared)}; run with --write to update it\n`);
    }
  }
  return exitCode;
}

/** The clipanion command behind `ant go vendor-hash`. */
export class GoVendorHashCommand extends Command<BaseContext> {
  static override paths = [['go', 'vendor-hash']];

  static override usage = Command.Usage({
    category: 'Go',
    description: "compute buildGoModule's vendorHash of Go projects",
    details: `
      Runs \`go mod vendor\` for each project into a temporary directory (the module is not changed) and prints the SRI SHA-256 of the NAR of that tree: the value Nix's buildGoModule expects in \`vendorHash\`.

      Without project names, it checks every Go project that declares a \`vendorHash\`. With \`--write\`, it stores the value in ant.config.json (\`services.<name>.vendorHash\`), leaving the rest of the file as it was. A module with nothing to vendor gets \`null\`.
    `,
    examples: [
      ['Print the vendorHash of api', 'ant go vendor-hash api'],
      ['Update every declared vendorHash', 'ant go vendor-hash --write'],
    ],
  });

  projects = Option.Rest({ name: 'project' });

  write = Option.Boolean('--write', false, { description: 'Store the hash in ant.config.json' });

  override async execute(): Promise<number> {
    const context = this.context as unknown as AntCommandContext;
    const view = await context.loadWorkspace();
    return vendorHashes(view, this.projects, this.write, context);
  }
}
