/**
 * The core's part of `ant doctor`: git and node always; for each language present in the
 * workspace, the toolchain its plugin runs (go; python3, uv and ruff; npm); a container engine
 * when images are built. Plugins add their own checks through the `doctorChecks` hook.
 */
import { existsSync } from 'node:fs';
import type { DoctorCheck } from '../plugin/api.js';
import type { Workspace } from '../workspace/workspace.js';

interface ToolNeed {
  tool: string;
  args: string[];
  why: string;
  fix: string;
  /** Minimum major(.minor) version, compared numerically. */
  min?: string;
}

const LANGUAGE_TOOLS: Record<string, ToolNeed[]> = {
  go: [{ tool: 'go', args: ['version'], why: 'Go services', fix: 'install Go (https://go.dev/dl) or: apt-get install golang', min: '1.21' }],
  python: [
    { tool: 'python3', args: ['--version'], why: 'Python services', fix: 'install Python 3.11+', min: '3.9' },
    { tool: 'uv', args: ['--version'], why: 'uv.lock projects', fix: 'pip install uv' },
    { tool: 'ruff', args: ['--version'], why: 'Python lint', fix: 'pip install ruff' },
  ],
  javascript: [{ tool: 'npm', args: ['--version'], why: 'npm workspaces', fix: 'install Node.js with npm' }],
  typescript: [{ tool: 'npm', args: ['--version'], why: 'npm workspaces', fix: 'install Node.js with npm' }],
  rust: [{ tool: 'cargo', args: ['--version'], why: 'Cargo crates', fix: 'install Rust with rustup' }],
};

export async function coreDoctorChecks(workspace: Workspace, env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const node = process.versions.node;
  checks.push({ name: 'node', ok: Number(node.split('.')[0]) >= 20, found: node, expected: '>= 20', fix: 'install Node.js 20 or newer' });
  checks.push(await toolCheck(workspace, { tool: 'git', args: ['--version'], why: 'change detection and file hashing', fix: 'install git' }));
  const languages = new Set(workspace.projects.map((p) => p.language));
  const seen = new Set<string>();
  for (const language of [...languages].sort()) {
    for (const need of LANGUAGE_TOOLS[language] ?? []) {
      if (seen.has(need.tool)) continue;
      seen.add(need.tool);
      checks.push(await toolCheck(workspace, need));
    }
  }
  if (workspace.host.plugins.some((p) => p.plugin.name === '@ant/plugin-docker')) checks.push(dockerCheck(env));
  return checks;
}

async function toolCheck(workspace: Workspace, need: ToolNeed): Promise<DoctorCheck> {
  const output = await workspace.toolVersions.get(need.tool, need.args);
  const name = `${need.tool} (${need.why})`;
  if (!output) return { name, ok: false, found: 'not found on PATH', expected: need.min ? `>= ${need.min}` : 'installed', fix: need.fix };
  const version = /(\d+\.\d+(?:\.\d+)?)/.exec(output)?.[1] ?? output.split('\n')[0];
  if (need.min && compareVersions(version, need.min) < 0) return { name, ok: false, found: version, expected: `>= ${need.min}`, fix: need.fix };
  return { name, ok: true, found: version };
}

function dockerCheck(env: NodeJS.ProcessEnv): DoctorCheck {
  const host = env.DOCKER_HOST;
  const socket = host?.startsWith('unix://') ? host.slice('unix://'.length) : host ? undefined : '/var/run/docker.sock';
  const ok = host !== undefined && socket === undefined ? true : socket !== undefined && existsSync(socket);
  return {
    name: 'container engine (for `ant docker load`)',
    ok,
    found: ok ? host ?? socket : 'no Docker API socket',
    fix: 'images build without one; to load them start Docker, or `podman system service` and set DOCKER_HOST=unix://…',
  };
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
