/** A workspace that cannot be used as asked: unknown table or result id, a locked or newer file, an existing export target. */
export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}
