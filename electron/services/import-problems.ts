// An import's problem list: every problem of every file, reported together as FILE:LINE: message,
// sorted by file and line and capped at MAX_PROBLEMS (the rest are counted).

import { ownCopy } from '../../shared/csv/rows';
import { AuditError, type Problem } from '../../shared/errors';

/** Problems listed in full; beyond this they are counted in a last "… and N more problems". */
export const MAX_PROBLEMS = 500;

export class ImportProblems {
  private readonly kept: (Problem & { order: number })[] = [];
  private readonly fileOrder: Map<string, number>;
  private firstDropped: Problem | undefined;
  /** Problems added, kept or not. */
  total = 0;

  /** `files`: the import's file names in reading order, the order problems are listed in. */
  constructor(files: string[]) {
    this.fileOrder = new Map(files.map((name, i) => [name, i]));
  }

  add(file: string, line: number, message: string): void {
    this.total++;
    if (this.kept.length < MAX_PROBLEMS) this.kept.push({ file, line, message: ownCopy(message), order: this.fileOrder.get(file) ?? 0 });
    else this.firstDropped ??= { file, line, message: '' };
  }

  /** Fails the import with every problem (AuditError 'input'), if there is one. */
  throwIfAny(): void {
    const count = this.total;
    if (count === 0) return;
    const files = [...new Set(this.kept.map((p) => p.file))];
    throw new AuditError(
      'input',
      `import failed: ${count} problem${count === 1 ? '' : 's'} in ${files.join(', ')}; nothing was imported`,
      this.list(),
    );
  }

  private list(): Problem[] {
    const sorted = [...this.kept].sort((a, b) => a.order - b.order || a.line - b.line);
    const problems: Problem[] = sorted.map(({ file, line, message }) => ({ file, line, message }));
    if (this.firstDropped) {
      const more = this.total - this.kept.length;
      problems.push({ ...this.firstDropped, message: `… and ${more} more problem${more === 1 ? '' : 's'}` });
    }
    return problems;
  }
}
