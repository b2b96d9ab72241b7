/**
 * Which processes `ant up NAME…` starts, and in what order. Pure: names and edges in, names out.
 * The start order puts every process after its dependencies (ties keep the config's order); the
 * shutdown order is its reverse, so a service stops before the database it writes to.
 */
import { ConfigError } from '../errors.js';
import { findCycle } from '../graph/cycles.js';

/**
 * The requested processes and everything they depend on (all processes when none are requested),
 * dependencies first. Throws a ConfigError for an unknown name or a dependency cycle, with the cycle.
 */
export function selectProcesses(
  dependsOn: ReadonlyMap<string, readonly string[]>,
  requested: readonly string[],
  file: string,
): string[] {
  const known = [...dependsOn.keys()];
  const unknown = requested.filter((name) => !dependsOn.has(name));
  if (unknown.length) {
    throw new ConfigError(`unknown process${unknown.length > 1 ? 'es' : ''} ${unknown.join(', ')}`, {
      code: 'ANT_CONFIG_UP_UNKNOWN_PROCESS',
      file,
      field: 'up.processes',
      hint: known.length ? `known processes: ${known.join(', ')} (or name a task as project:task)` : 'add "up": { "processes": { … } } to the config, or name a task as project:task',
    });
  }
  const cycle = findCycle(known, (name) => dependsOn.get(name) ?? []);
  if (cycle) {
    throw new ConfigError(`process dependency cycle: ${cycle.join(' → ')}`, {
      code: 'ANT_CONFIG_UP_CYCLE',
      file,
      field: `up.processes.${cycle[0]}.dependsOn`,
      hint: 'remove one of these dependsOn entries',
    });
  }
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const dep of dependsOn.get(name) ?? []) visit(dep);
  };
  for (const name of requested.length ? requested : known) visit(name);
  return startOrder(dependsOn, known.filter((n) => wanted.has(n)));
}

/** A topological order of `names` (dependencies first; stable in the given order). Assumes no cycle. */
export function startOrder(dependsOn: ReadonlyMap<string, readonly string[]>, names: readonly string[]): string[] {
  const inSet = new Set(names);
  const placed = new Set<string>();
  const order: string[] = [];
  const place = (name: string) => {
    if (placed.has(name)) return;
    placed.add(name);
    for (const dep of dependsOn.get(name) ?? []) if (inSet.has(dep)) place(dep);
    order.push(name);
  };
  for (const name of names) place(name);
  return order;
}

/** For each process, the selected processes that depend on it (they must stop first). */
export function dependentsOf(dependsOn: ReadonlyMap<string, readonly string[]>, names: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const name of names) for (const dep of dependsOn.get(name) ?? []) out.get(dep)?.push(name);
  return out;
}
