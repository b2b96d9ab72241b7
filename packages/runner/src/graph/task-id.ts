/**
 * Task ids are `project:task`. Project names may contain `:`-free scopes like `@acme/web`, so the
 * id splits at the LAST colon (task names never contain one).
 */
export type TaskId = string & { readonly __brand: 'TaskId' };

export function taskId(project: string, task: string): TaskId {
  return `${project}:${task}` as TaskId;
}

export function parseTaskId(id: string): { project: string; task: string } | undefined {
  const colon = id.lastIndexOf(':');
  if (colon <= 0 || colon === id.length - 1) return undefined;
  return { project: id.slice(0, colon), task: id.slice(colon + 1) };
}
