import { describe, expect, it } from 'vitest';
import { defineProcesses, type DefinitionInput } from '../../src/up/process-spec.js';
import type { AntError } from '../../src/errors.js';

const tasks = new Map([['api', { serve: { command: './bin/api', persistent: true, dependsOn: ['build'] }, build: { command: 'go build' } }]]);

function define(processes: DefinitionInput['processes'], requested: string[] = []) {
  return defineProcesses({ file: 'ant.config.json', processes, tasks, requested });
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as AntError).format();
  }
  throw new Error('expected an error');
}

describe('process definitions', () => {
  it('applies defaults and resolves a task process', () => {
    const defs = define({ db: { command: 'db-server', readiness: { tcp: '127.0.0.1:8000' } }, api: { task: 'api:serve', dependsOn: { db: 'healthy' } } });
    expect(defs.get('db')).toMatchObject({
      command: 'db-server',
      restart: 'no',
      backoffMs: 1000,
      shutdownSignal: 'SIGTERM',
      readiness: { probe: { kind: 'tcp', host: '127.0.0.1', port: 8000 }, periodMs: 250, failureThreshold: 120 },
    });
    expect(defs.get('api')).toMatchObject({ command: './bin/api', task: { id: 'api:serve', project: 'api' }, dependsOn: { db: 'healthy' } });
  });

  it('turns a project:task named on the command line into a process', () => {
    expect(define({}, ['api:serve']).get('api:serve')).toMatchObject({ command: './bin/api', task: { id: 'api:serve' } });
  });

  it('rejects an unknown dependency, with the field and the known names', () => {
    expect(errorOf(() => define({ api: { command: 'x', dependsOn: { dynamo: 'started' } } }))).toBe(
      'ant.config.json: up.processes.api.dependsOn.dynamo: process "api" depends on unknown process "dynamo"\nhint: known processes: api',
    );
  });

  it('rejects "healthy" on a process without readiness', () => {
    expect(errorOf(() => define({ db: { command: 'x' }, api: { command: 'y', dependsOn: { db: 'healthy' } } }))).toContain(
      'up.processes.api.dependsOn.db: "healthy" needs a readiness probe on "db", which has none',
    );
  });

  it('rejects both command and task, two probes, a bad regex, a bad tcp target and an unknown task', () => {
    expect(errorOf(() => define({ p: { command: 'x', task: 'api:serve' } }))).toContain('up.processes.p: expected one of "command" or "task", found both');
    expect(errorOf(() => define({ p: { command: 'x', readiness: { tcp: '127.0.0.1:1', http: 'http://127.0.0.1:1' } } }))).toContain(
      'up.processes.p.readiness: expected exactly one probe (http, tcp, exec or log), found http, tcp',
    );
    expect(errorOf(() => define({ p: { command: 'x', readiness: { log: '(' } } }))).toContain('up.processes.p.readiness.log: expected a regular expression');
    expect(errorOf(() => define({ p: { command: 'x', readiness: { tcp: '8080' } } }))).toContain('expected "host:port", found "8080"');
    expect(errorOf(() => define({ p: { task: 'api:run' } }))).toBe(
      'ant.config.json: up.processes.p.task: expected an existing task "project:task", found "api:run"\nhint: tasks of api: serve, build',
    );
  });
});
