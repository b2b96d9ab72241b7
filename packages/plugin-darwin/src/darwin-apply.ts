/**
 * Carries out a plan on a Mac: installs Nix when missing, writes the generated files under
 * `.ant/darwin/<profile>/`, and runs `darwin-rebuild switch`. Steps without a command are done by
 * that switch. I/O; the plan itself comes from `darwin-plan.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DarwinPlan, PlanStep } from './darwin-plan.js';
import { DarwinError } from './darwin-error.js';

/** Where apply writes and how it runs programs. */
export interface ApplyIo {
  /** Absolute workspace root. */
  root: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

/** Throws the "macOS only" error (exit 2) unless the plan was made on macOS. */
export function assertApplicable(platform: string, profile: string): void {
  if (platform === 'darwin') return;
  throw new DarwinError('ANT_DARWIN_NOT_MACOS', `"ant darwin apply" configures macOS with nix-darwin; this machine runs ${platform}`, {
    exitCode: 2,
    hint: `run "ant darwin plan ${profile}" to see what it would do, or "ant doctor" to see what this machine lacks`,
  });
}

/** Runs every step of `plan` in order; stops at the first failing command. Returns 0 or throws. */
export async function applyPlan(plan: DarwinPlan, io: ApplyIo): Promise<number> {
  assertApplicable(plan.platform, plan.profile);
  for (const step of plan.steps) {
    if (step.kind === 'write-config') {
      for (const file of plan.files) {
        const target = path.join(io.root, file.path);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.content);
      }
      io.stdout.write(`✓ ${step.description}\n`);
    } else if (step.argv) {
      io.stdout.write(`→ ${step.description}\n  $ ${step.command}\n`);
      const code = await run(step, io);
      if (code !== 0) {
        throw new DarwinError('ANT_DARWIN_APPLY_FAILED', `step "${step.kind}" failed with exit code ${code}: ${step.command}`, {
          exitCode: 1,
          hint: step.kind === 'switch' ? `the generated files are in .ant/darwin/${plan.profile}/; fix the error above and run apply again` : undefined,
        });
      }
    }
  }
  io.stdout.write(`Profile ${plan.profile} applied. Open a new shell to pick up its environment.\n`);
  return 0;
}

function run(step: PlanStep, io: ApplyIo): Promise<number> {
  const [program, ...args] = step.argv!;
  return new Promise((resolve, reject) => {
    // stdin stays the terminal: sudo may ask for a password.
    const child = spawn(program!, args, { cwd: io.root, env: io.env as NodeJS.ProcessEnv, stdio: ['inherit', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => io.stdout.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => io.stderr.write(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new DarwinError('ANT_DARWIN_APPLY_FAILED', `could not start ${program}: ${error.message}`, { exitCode: 1 })),
    );
    child.on('close', (code) => resolve(code ?? 1));
  });
}
