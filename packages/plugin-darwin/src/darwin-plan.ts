/**
 * The plan: the steps that take the current machine to a profile. Pure: a resolved profile and a
 * {@link MachineState} in, a {@link DarwinPlan} out (the JSON of `ant darwin plan --json`).
 *
 * The mechanism is nix-darwin, as in the seed: ant writes a module and a flake under
 * `.ant/darwin/<profile>/` and activates it with `darwin-rebuild switch`. Toolchain, env and
 * builder steps describe what that switch changes; only steps with a `command` run a program.
 */
import path from 'node:path';
import type { MachineState } from './machine-probe.js';
import { configurationName, DEFAULT_NIX_DARWIN, generateFlake, generateNixModule } from './nix-module.js';
import type { ResolvedProfile } from './profile-resolver.js';
import { shellJoin } from './shell-quote.js';
import { toolchainStatuses, type ToolchainStatus } from './toolchain-status.js';

/** Kinds of plan steps, in the order they appear. */
export type PlanStepKind = 'install-nix' | 'write-config' | 'toolchain' | 'env' | 'linux-builder' | 'switch';

/** One step of a plan. */
export interface PlanStep {
  kind: PlanStepKind;
  description: string;
  /** The command that carries the step out, as a shell line; `null` when `switch` does it. */
  command: string | null;
  /** The same command as an argv (what `apply` spawns). */
  argv?: string[];
}

/** A file the plan writes (repo-relative path). */
export interface PlanFile {
  path: string;
  content: string;
}

/** The whole plan (`ant darwin plan --json`). */
export interface DarwinPlan {
  version: 1;
  profile: string;
  /** The OS the plan was made on; `apply` needs `darwin`. */
  platform: string;
  /** nix-darwin host platform the flake targets. */
  system: string;
  applicable: boolean;
  resolved: ResolvedProfile;
  toolchains: ToolchainStatus[];
  files: PlanFile[];
  steps: PlanStep[];
  notes: string[];
}

/** What the plan needs besides the profile and the machine. */
export interface PlanOptions {
  /** Absolute workspace root. */
  root: string;
  /** From the config's `darwin.system`; default from the machine's arch. */
  system?: string;
  nixpkgs?: string;
  nixDarwin?: string;
  /** When false, the switch runs under `sudo` (nix-darwin activates as root). */
  isRoot: boolean;
}

const NIX_INSTALLER = 'curl --proto =https --tlsv1.2 -sSf -L https://nixos.org/nix/install | sh -s -- --daemon';

/** The directory (repo-relative) that holds a profile's generated files. */
export function profileDir(profile: string): string {
  return `.ant/darwin/${profile}`;
}

/** The nix-darwin system for an arch: `arm64` → `aarch64-darwin`, else `x86_64-darwin`. */
export function darwinSystemFor(arch: string): string {
  return arch === 'arm64' ? 'aarch64-darwin' : 'x86_64-darwin';
}

/** Builds the plan for `profile` on `machine`. */
export function planProfile(profile: ResolvedProfile, machine: MachineState, options: PlanOptions): DarwinPlan {
  const system = options.system ?? darwinSystemFor(machine.arch);
  const dir = profileDir(profile.name);
  const files: PlanFile[] = [
    { path: `${dir}/module.nix`, content: generateNixModule(profile) },
    { path: `${dir}/flake.nix`, content: generateFlake(profile.name, { system, nixpkgs: options.nixpkgs, nixDarwin: options.nixDarwin }) },
  ];
  const toolchains = toolchainStatuses(profile, machine.toolchains);
  const steps: PlanStep[] = [];
  if (machine.nix === null) {
    steps.push({ kind: 'install-nix', description: 'install Nix (multi-user, the official installer)', command: NIX_INSTALLER, argv: ['sh', '-c', NIX_INSTALLER] });
  }
  steps.push({ kind: 'write-config', description: `write ${files.map((f) => f.path).join(' and ')}`, command: null });
  for (const tool of toolchains) {
    const wanted = `${tool.name} ${tool.wanted ?? '(any version)'}`;
    if (tool.status === 'missing') steps.push(step('toolchain', `install ${wanted} from nixpkgs#${tool.nixPackage}`));
    if (tool.status === 'mismatch') steps.push(step('toolchain', `replace ${tool.name} ${tool.found} with ${wanted} from nixpkgs#${tool.nixPackage}`));
  }
  for (const [name, value] of Object.entries(profile.env)) {
    if (machine.env[name] !== value) steps.push(step('env', `set ${name}=${value} (environment.variables; new shells see it)`));
  }
  steps.push(...builderSteps(profile, machine));
  const argv = switchArgv(profile.name, path.join(options.root, dir), machine, options);
  steps.push({ kind: 'switch', description: `activate darwinConfigurations.${configurationName(profile.name)} with darwin-rebuild`, command: shellJoin(argv), argv });
  const applicable = machine.platform === 'darwin';
  const notes: string[] = [];
  if (!applicable) {
    notes.push(`this machine runs ${machine.platform}: "ant darwin apply" works on macOS only; the plan shows what it would do on a Mac`);
  }
  if (profile.toolchains.some((t) => t.nixPackage === t.name && t.version !== undefined)) {
    notes.push('nixpkgs has one version of some tools (uv, ruff …); "ant doctor" checks the installed version against the profile');
  }
  return { version: 1, profile: profile.name, platform: machine.platform, system, applicable, resolved: profile, toolchains, files, steps, notes };
}

function step(kind: PlanStepKind, description: string): PlanStep {
  return { kind, description, command: null };
}

function builderSteps(profile: ResolvedProfile, machine: MachineState): PlanStep[] {
  const builder = profile.linuxBuilder;
  const steps: PlanStep[] = [];
  if (builder?.mode === 'local-vm') {
    const size = `${builder.cores} cores, ${builder.memoryMiB} MiB memory, ${builder.diskGiB} GiB disk, ${builder.maxJobs} max jobs`;
    steps.push(step('linux-builder', `${machine.linuxBuilderInstalled ? 'configure' : 'enable'} the local Linux builder VM: ${size}`));
    return steps;
  }
  if (machine.linuxBuilderInstalled) steps.push(step('linux-builder', 'disable the local Linux builder VM'));
  if (builder?.mode === 'remote') {
    const where = `${builder.user ? `${builder.user}@` : ''}${builder.host}:${builder.port}`;
    steps.push(step('linux-builder', `use the remote Linux builder ${where} for platform:linux tasks (${builder.maxJobs} max jobs)`));
  }
  return steps;
}

function switchArgv(profile: string, absDir: string, machine: MachineState, options: PlanOptions): string[] {
  const flake = `path:${absDir}#${configurationName(profile)}`;
  const sudo = options.isRoot ? [] : ['sudo'];
  if (machine.darwinRebuild) return [...sudo, 'darwin-rebuild', 'switch', '--flake', flake];
  // First run on a Mac: nix-darwin is not installed yet, so run its darwin-rebuild from the flake.
  const nixDarwin = options.nixDarwin ?? DEFAULT_NIX_DARWIN;
  return [...sudo, 'nix', '--extra-experimental-features', 'nix-command flakes', 'run', `${nixDarwin}#darwin-rebuild`, '--', 'switch', '--flake', flake];
}
