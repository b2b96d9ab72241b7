import { describe, expect, it } from 'vitest';
import { dependentsOf, selectProcesses } from '../../src/up/dependency-order.js';
import { isAntError } from '../../src/errors.js';

const graph = new Map<string, string[]>([
  ['web', ['api']],
  ['api', ['dynamodb', 'localstack']],
  ['dynamodb', []],
  ['localstack', []],
  ['prefect', []],
]);

describe('process dependency order', () => {
  it('selects the named processes with their dependencies, dependencies first', () => {
    expect(selectProcesses(graph, ['api'], 'ant.config.json')).toEqual(['dynamodb', 'localstack', 'api']);
    expect(selectProcesses(graph, [], 'ant.config.json')).toEqual(['dynamodb', 'localstack', 'api', 'web', 'prefect']);
  });

  it('lists dependents, which stop first', () => {
    const names = selectProcesses(graph, [], 'ant.config.json');
    expect(Object.fromEntries(dependentsOf(graph, names))).toEqual({ web: [], api: ['web'], dynamodb: ['api'], localstack: ['api'], prefect: [] });
  });

  it('names an unknown process and the known ones', () => {
    expect(() => selectProcesses(graph, ['nope'], 'ant.config.json')).toThrow('unknown process nope');
  });

  it('reports a cycle with its path', () => {
    const cyclic = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]);
    let error: unknown;
    try {
      selectProcesses(cyclic, [], 'ant.config.json');
    } catch (e) {
      error = e;
    }
    expect(isAntError(error)).toBe(true);
    expect((error as Error & { format(): string }).format()).toBe(
      'ant.config.json: up.processes.a.dependsOn: process dependency cycle: a → b → c → a\nhint: remove one of these dependsOn entries',
    );
  });
});
