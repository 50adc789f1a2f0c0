// Run by crash.test.ts (bundled with esbuild): deletes snapshot argv[3] of database argv[2] through
// the service, says "withdrawn" once the delete is answered, and "purged" once its rows are gone.
import { openAuditService } from '../../electron/services/audit-service';

async function main(): Promise<void> {
  const service = openAuditService({ dbPath: process.argv[2] });
  await service.deleteSnapshot({ snapshotId: Number(process.argv[3]) });
  process.stdout.write('withdrawn\n');
  await service.idle();
  process.stdout.write('purged\n');
  service.close();
}

void main();
