import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnLinuxBuilder, type LinuxBuilderRequest } from '../src/remote-builder.js';
import { startSshd, type TestSshd } from './support/sshd.js';

let sshd: TestSshd;
const roots: string[] = [];

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A workspace with a project `services/api` holding two input files. */
function workspace(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ant-ws-'));
  roots.push(root);
  mkdirSync(path.join(root, 'services/api/src'), { recursive: true });
  writeFileSync(path.join(root, 'services/api/src/main.txt'), 'hello from the mac\n');
  writeFileSync(path.join(root, 'shared.txt'), 'shared input\n');
  return root;
}

function request(root: string, overrides: Partial<LinuxBuilderRequest>): LinuxBuilderRequest & { log: () => string } {
  const chunks: Buffer[] = [];
  return {
    root,
    projectRoot: 'services/api',
    command: 'true',
    cwd: path.join(root, 'services/api'),
    env: {},
    inputs: ['services/api/src/main.txt', 'shared.txt'],
    outputs: [],
    builder: { host: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.identityFile },
    knownHostsFile: sshd.knownHostsFile,
    onOutput: (chunk) => chunks.push(chunk),
    log: () => Buffer.concat(chunks).toString('utf8'),
    ...overrides,
  };
}

/** ant-task.* dirs currently in the builder's /tmp (the builder is this machine). */
function remoteTaskDirs(): string[] {
  return readdirSync('/tmp').filter((name) => name.startsWith('ant-task.'));
}

describe('runOnLinuxBuilder against a real sshd', () => {
  it('sends inputs, runs the command with env, streams output, brings outputs back, removes the temp dir', async () => {
    const root = workspace();
    const before = new Set(remoteTaskDirs());
    const req = request(root, {
      command: [
        'echo "cwd=$(basename "$PWD") greeting=$GREETING"',
        'cat src/main.txt ../../shared.txt',
        'echo "pid-file=$(cat ../../../pid >/dev/null && echo yes)" >&2',
        'mkdir -p dist/bin && echo built > dist/app.txt && printf "#!/bin/sh\\n" > dist/bin/run && chmod 755 dist/bin/run',
        'echo "not an output" > scratch.txt',
        'pwd > dist/where.txt',
      ].join(' && '),
      env: { GREETING: "it's ok $HOME", PATH: '/nonexistent-mac-path', HOME: '/Users/someone' },
      outputs: ['dist/**'],
    });
    const result = await runOnLinuxBuilder(req);

    expect(result.exitCode).toBe(0);
    const log = req.log();
    // The env value arrived literally (quotes and $ intact); the Mac's PATH was not forwarded.
    expect(log).toContain("cwd=api greeting=it's ok $HOME");
    expect(log).toContain('hello from the mac\nshared input\n');
    expect(log).toContain('pid-file=yes');
    expect(result.outputs).toEqual(['dist/app.txt', 'dist/bin/run', 'dist/where.txt']);
    expect(readFileSync(path.join(root, 'services/api/dist/app.txt'), 'utf8')).toBe('built\n');
    expect(statSync(path.join(root, 'services/api/dist/bin/run')).mode & 0o777).toBe(0o755);
    expect(existsSync(path.join(root, 'services/api/scratch.txt'))).toBe(false);
    // It ran in a temp dir on the builder, which is gone now.
    const remoteDir = readFileSync(path.join(root, 'services/api/dist/where.txt'), 'utf8').trim();
    expect(remoteDir).toMatch(/\/ant-task\.[A-Za-z0-9]+\/root\/services\/api$/);
    expect(existsSync(path.dirname(path.dirname(path.dirname(remoteDir))))).toBe(false);
    expect(remoteTaskDirs().filter((d) => !before.has(d))).toEqual([]);
  });

  it('propagates a non-zero exit code, keeps the output and brings nothing back', async () => {
    const root = workspace();
    const req = request(root, { command: 'mkdir -p dist && echo partial > dist/x && echo boom >&2 && exit 7', outputs: ['dist/**'] });
    const result = await runOnLinuxBuilder(req);
    expect(result).toEqual({ exitCode: 7, outputs: [] });
    expect(req.log()).toContain('boom');
    expect(existsSync(path.join(root, 'services/api/dist'))).toBe(false);
  });

  it('runs an argv command without a shell and honours output excludes', async () => {
    const root = workspace();
    const req = request(root, {
      command: ['sh', '-c', 'mkdir -p out && echo a > out/keep.txt && echo b > out/skip.log && echo "$1"', 'argv0', 'one arg with spaces'],
      outputs: ['out/*.txt', '!out/skip.*'],
    });
    const result = await runOnLinuxBuilder(req);
    expect(result.exitCode).toBe(0);
    expect(req.log()).toBe('one arg with spaces\n');
    expect(result.outputs).toEqual(['out/keep.txt']);
  });

  it('reports an unreachable builder as a clear error naming the host and a hint', async () => {
    const root = workspace();
    const req = request(root, { builder: { host: '127.0.0.1', port: 1, user: sshd.user, identityFile: sshd.identityFile } });
    await expect(runOnLinuxBuilder(req)).rejects.toMatchObject({
      code: 'ANT_DARWIN_BUILDER_FAILED',
      message: expect.stringMatching(new RegExp(`could not send the task's inputs to the Linux builder ${sshd.user}@127\\.0\\.0\\.1:1: .*Connection refused`)),
      hint: expect.stringContaining(`ssh -p 1 ${sshd.user}@127.0.0.1 true`),
    });
  });

  it('refuses a missing input before connecting', async () => {
    const root = workspace();
    await expect(runOnLinuxBuilder(request(root, { inputs: ['services/api/missing.txt'] }))).rejects.toThrow(
      /input services\/api\/missing\.txt does not exist/,
    );
  });

  it('kills the remote process and removes the temp dir when aborted', async () => {
    const root = workspace();
    const marker = path.join(mkdtempSync(path.join(os.tmpdir(), 'ant-abort-')), 'alive');
    roots.push(path.dirname(marker));
    const controller = new AbortController();
    const before = new Set(remoteTaskDirs());
    const req = request(root, {
      // Keeps touching the marker while it lives; a survivor would keep it fresh.
      command: `echo started; while true; do date +%s%N > ${marker}; sleep 0.1; done`,
      signal: controller.signal,
      onOutput: (chunk) => {
        if (chunk.toString().includes('started')) controller.abort();
      },
    });
    const result = await runOnLinuxBuilder(req);
    expect(result.exitCode).toBe(130);
    const last = readFileSync(marker, 'utf8');
    await new Promise((r) => setTimeout(r, 500));
    expect(readFileSync(marker, 'utf8')).toBe(last);
    expect(remoteTaskDirs().filter((d) => !before.has(d))).toEqual([]);
  });
});

describe('test sshd', () => {
  it('accepts only the authorized key', () => {
    const base = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${sshd.knownHostsFile}`, '-p', String(sshd.port)];
    const ok = execFileSync('ssh', [...base, '-i', sshd.identityFile, `${sshd.user}@127.0.0.1`, 'echo ok'], { encoding: 'utf8' });
    expect(ok.trim()).toBe('ok');
    expect(() =>
      execFileSync('ssh', [...base, '-o', 'IdentitiesOnly=yes', '-i', '/dev/null', `${sshd.user}@127.0.0.1`, 'true'], { stdio: 'pipe' }),
    ).toThrow();
  });
});
