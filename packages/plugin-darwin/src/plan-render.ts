/**
 * Human-readable text of a plan and of profile lists. Pure; `--json` prints the objects instead.
 */
import type { DarwinPlan } from './darwin-plan.js';
import type { ResolvedLinuxBuilder, ResolvedProfile } from './profile-resolver.js';

/** One-line summary of a builder: `local VM, 6 cores, 6000 MiB, 100 GiB disk, 12 jobs`. */
export function describeBuilder(builder: ResolvedLinuxBuilder | null): string {
  if (builder === null) return 'none';
  if (builder.mode === 'remote') {
    return `remote ${builder.user ? `${builder.user}@` : ''}${builder.host}:${builder.port}, ${builder.maxJobs} jobs`;
  }
  return `local VM, ${builder.cores} cores, ${builder.memoryMiB} MiB, ${builder.diskGiB} GiB disk, ${builder.maxJobs} jobs`;
}

/** The text of `ant darwin plan`. */
export function renderPlan(plan: DarwinPlan): string {
  const profile = plan.resolved;
  const lines = [`Profile ${plan.profile} (${profile.chain.join(' → ')}) for ${plan.system}, planned on ${plan.platform}`];
  if (profile.description) lines.push(`  ${profile.description}`);
  lines.push('', 'Toolchains:');
  if (plan.toolchains.length === 0) lines.push('  (none)');
  const width = Math.max(0, ...plan.toolchains.map((t) => `${t.name} ${t.wanted ?? '*'}`.length));
  for (const tool of plan.toolchains) {
    const label = `${tool.name} ${tool.wanted ?? '*'}`.padEnd(width);
    lines.push(`  ${label}  ${tool.status.padEnd(8)}  found ${tool.found ?? 'nothing'}, installs nixpkgs#${tool.nixPackage}`);
  }
  const env = Object.entries(profile.env);
  if (env.length > 0) lines.push('', 'Environment:', ...env.map(([k, v]) => `  ${k}=${v}`));
  lines.push('', `Linux builder: ${describeBuilder(profile.linuxBuilder)}`, '', 'Steps:');
  plan.steps.forEach((step, i) => {
    lines.push(`  ${i + 1}. [${step.kind}] ${step.description}`);
    if (step.command) lines.push(`       $ ${step.command}`);
  });
  if (plan.notes.length > 0) lines.push('', ...plan.notes.map((n) => `note: ${n}`));
  return `${lines.join('\n')}\n`;
}

/** The text of `ant darwin profiles`: one profile a line; `*` marks the active one. */
export function renderProfiles(profiles: readonly ResolvedProfile[], active: string | undefined): string {
  const width = Math.max(0, ...profiles.map((p) => p.name.length));
  const lines = profiles.map((p) => {
    const tools = p.toolchains.map((t) => `${t.name} ${t.version ?? '*'}`).join(', ') || 'no toolchains';
    const base = p.chain.length > 1 ? ` (extends ${p.chain.slice(0, -1).join(', ')})` : '';
    return `${p.name === active ? '*' : ' '} ${p.name.padEnd(width)}  ${tools}; builder: ${describeBuilder(p.linuxBuilder)}${base}`;
  });
  return `${lines.join('\n')}\n`;
}
