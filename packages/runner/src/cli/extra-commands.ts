/**
 * Built-in commands beyond the task runner itself: developer shells, local orchestration and the
 * machine check. Listed here so main.ts stays a table of contents.
 */
import type { CommandClass } from 'clipanion';
import type { AntContext } from './base-command.js';
import { ShellCommand } from './shell.js';
import { EnvCommand } from './env.js';
import { DoctorCommand } from './doctor.js';
import { UpCommand } from './up.js';

export const extraCommands: CommandClass<AntContext>[] = [
  ShellCommand,
  EnvCommand,
  DoctorCommand,
  UpCommand,
];
