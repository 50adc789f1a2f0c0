// A generated Huntress user export of any size, for tests that need a big or a distinct file.
import fs from 'node:fs';

/**
 * Writes `rows` assignments: an account Admin, then Users spread over 100 organizations. `tag` goes
 * into every email, so files with different tags are different imports.
 */
export function writeHuntressCsv(file: string, rows: number, tag = 'a'): string {
  const lines = ['email,name,role,account,organization', `admin-${tag}@northwind.example,Ada,Admin,Northwind MSP,`];
  for (let i = 1; i < rows; i++) lines.push(`u${i}-${tag}@northwind.example,User ${i},User,Northwind MSP,Org ${i % 100}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
