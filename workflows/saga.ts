/**
 * The compensation stack of a remediation (saga): every stage that changed something pushes the
 * step that undoes it; on failure they run in reverse order, each one recorded, and a failing
 * compensation does not stop the ones before it. Pure logic: safe inside the workflow sandbox.
 */
export interface Compensation {
  /** What is undone, for the record (e.g. `abort green`, `roll back promotion`). */
  name: string;
  undo: () => Promise<unknown>;
}

export interface CompensationRecord {
  name: string;
  ok: boolean;
  error?: string;
}

export class Saga {
  private readonly stack: Compensation[] = [];

  push(name: string, undo: () => Promise<unknown>): void {
    this.stack.push({ name, undo });
  }

  /** Drops the latest compensation (its change was finished or superseded, e.g. commit). */
  pop(name: string): void {
    const i = this.stack.map((c) => c.name).lastIndexOf(name);
    if (i >= 0) this.stack.splice(i, 1);
  }

  get pending(): string[] {
    return this.stack.map((c) => c.name);
  }

  /** Runs every compensation, newest first; returns what each did. The stack is empty afterwards. */
  async compensate(record?: (r: CompensationRecord) => Promise<void>): Promise<CompensationRecord[]> {
    const done: CompensationRecord[] = [];
    while (this.stack.length > 0) {
      const c = this.stack.pop() as Compensation;
      let r: CompensationRecord;
      try {
        await c.undo();
        r = { name: c.name, ok: true };
      } catch (err) {
        r = { name: c.name, ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      done.push(r);
      if (record) await record(r);
    }
    return done;
  }
}
