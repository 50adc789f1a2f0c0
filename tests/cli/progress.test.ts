// The import's progress line, as the CLI prints it while an import reads or waits its turn.
import { describe, expect, it } from 'vitest';
import { progress } from '../../electron/cli/render';

describe('the import progress line', () => {
  it('says how far the file is read', () => {
    expect(progress({ file: 'huntress.csv', bytesRead: 512, totalBytes: 1024, rows: 1200 })).toBe(
      'importing huntress.csv: 50% (1,200 rows)',
    );
  });

  it('says that the import waits for another write, not "0 B of 0 B"', () => {
    const waiting = 'waiting for another import or delete to finish';
    expect(progress({ file: 'huntress.csv', bytesRead: 0, totalBytes: 0, rows: 0, waiting })).toBe(`importing huntress.csv: ${waiting}`);
  });
});
