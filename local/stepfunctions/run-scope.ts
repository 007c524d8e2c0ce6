/**
 * One interpreter run: the execution itself, a Parallel branch or a Map iteration. Scopes form a tree;
 * closing one (the run ended, was aborted, or its execution was stopped) closes its descendants and
 * tells every task entry opened in it, so no token of an abandoned branch stays open.
 */
export class RunScope {
  private readonly children = new Set<RunScope>();
  private readonly closeListeners = new Set<() => void>();
  private isClosed = false;

  private constructor(private readonly parent: RunScope | undefined) {}

  static root(): RunScope {
    return new RunScope(undefined);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** A nested run; born closed when this scope already is (a late branch of a stopped run). */
  child(): RunScope {
    const child = new RunScope(this);
    if (this.isClosed) child.isClosed = true;
    else this.children.add(child);
    return child;
  }

  /** Calls `listener` once when this scope closes; returns a function that unsubscribes it. */
  onClose(listener: () => void): () => void {
    if (this.isClosed) {
      listener();
      return () => {};
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.parent?.children.delete(this);
    for (const child of [...this.children]) child.close();
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    for (const listener of listeners) listener();
  }
}
