/**
 * The shell snippets ant runs on a Linux builder for one task. Pure: they are strings, quoted with
 * `shell-quote.ts`, and tested as text and against a real sshd.
 *
 * Remote layout of one task (a fresh `mktemp -d`):
 *   $d/root/…    the inputs, at their repo-relative paths
 *   $d/task.sh   the env and the command (sent on stdin: no argument-length limits)
 *   $d/pid       pid of the task's process group, so an aborted task can be killed
 */
import { shellJoin, shellQuote } from './shell-quote.js';

/** Marker line before the remote temp dir's path in the upload's stdout. */
export const DIR_MARKER = 'ANT_TASK_DIR=';

/**
 * Receives the inputs tar on stdin into a fresh temp dir. Prints the dir first, so it can be
 * removed even when unpacking fails.
 */
export function uploadScript(projectRoot: string, cwd: string): string {
  const dirs = ['root', `root/${projectRoot}`, `root/${cwd}`].map((d) => `"$d"/${shellQuote(d)}`).join(' ');
  return [
    'set -e',
    'd=$(mktemp -d "${TMPDIR:-/tmp}/ant-task.XXXXXXXX")',
    `printf '${DIR_MARKER}%s\\n' "$d"`,
    `mkdir -p ${dirs}`,
    'tar -x -f - -C "$d/root"',
  ].join('; ');
}

/** Reads the task script from stdin and runs it with stdin closed, as its own process group. */
export function runScript(dir: string): string {
  const script = shellQuote(`${dir}/task.sh`);
  // `exec` makes sh the session leader sshd created, so its pid is also the process group's id.
  return `cat > ${script} && exec sh ${script} </dev/null`;
}

// Variables that describe the Mac ant runs on, not the task: forwarding them would break the builder.
const HOST_ONLY = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'PWD', 'OLDPWD', 'SHLVL', 'TMPDIR', '_', 'TERM', 'DISPLAY', 'TMUX']);
const HOST_ONLY_PREFIXES = ['SSH_', 'DYLD_', 'XPC_', '__CF', 'TERM_', 'Apple_', 'SECURITYSESSIONID'];

/** The part of a task's env that is sent to the builder. */
export function forwardedEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    if (HOST_ONLY.has(name) || HOST_ONLY_PREFIXES.some((p) => name.startsWith(p))) continue;
    out[name] = value;
  }
  return out;
}

/** The task script: record the pid, export the env, enter the cwd, exec the command. */
export function taskScript(dir: string, cwd: string, command: string | readonly string[], env: Record<string, string>): string {
  const lines = [`echo $$ > ${shellQuote(`${dir}/pid`)}`];
  for (const [name, value] of Object.entries(forwardedEnv(env))) lines.push(`export ${name}=${shellQuote(value)}`);
  lines.push(`cd ${shellQuote(`${dir}/root/${cwd}`)} || exit 127`);
  // A string is a shell command (`sh -c`, as the local executor runs it); an array is an argv.
  lines.push(typeof command === 'string' ? `exec sh -c ${shellQuote(command)}` : `exec ${shellJoin(command)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Packs the outputs (`roots`, relative to the project) to stdout; always a valid tar, empty when
 * none of them exists.
 */
export function downloadScript(dir: string, projectRoot: string, roots: readonly string[]): string {
  return [
    `cd ${shellQuote(`${dir}/root/${projectRoot}`)} || exit 1`,
    'set --',
    `for p in ${roots.map(shellQuote).join(' ')}; do if [ -e "$p" ] || [ -L "$p" ]; then set -- "$@" "$p"; fi; done`,
    'if [ $# -eq 0 ]; then exec tar -c -f - -T /dev/null; fi',
    'exec tar -c -f - -- "$@"',
  ].join('; ');
}

/** Removes the task dir; when `kill`, first ends the task's process group. */
export function cleanupScript(dir: string, kill: boolean): string {
  const quoted = shellQuote(dir);
  const killPart = kill ? `if [ -f ${quoted}/pid ]; then kill -TERM -- -"$(cat ${quoted}/pid)" 2>/dev/null || true; fi; ` : '';
  return `${killPart}rm -rf ${quoted}`;
}
