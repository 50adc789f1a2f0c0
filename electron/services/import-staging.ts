// The importer's side of its writer (import-writer.ts, run by import-thread.ts): good rows go to it in
// batches while reading goes on, and at the end the one call that writes the snapshot.
//
// Each batch is STAGE_BATCH_ROWS assignments as numbers (STAGED_FIELDS each) with the nodes and users
// first seen or changed since the last batch. Reading waits while the writer is more than
// MAX_PENDING_CALLS batches behind, so memory stays bounded, and stops once the writer has failed.

import { AuditError } from '../../shared/errors';
import type { RoleModel } from '../../shared/model/types';
import type { Database } from '../store/database';
import { openWriter, type WriterHandle } from './import-thread';
import type { SnapshotTree } from './import-tree';
import { rankRoles, STAGED_FIELDS, type SnapshotHeader } from './import-writer';

/** Assignments per batch sent to the writer. */
const STAGE_BATCH_ROWS = 4096;
/**
 * Writer calls in flight before reading waits: bounds the memory of rows not yet staged (3 MiB of
 * batches), and lets reading go on while the writer sorts and stages a whole run at once.
 */
const MAX_PENDING_CALLS = 32;

export class Staging {
  private batch = new Int32Array(STAGE_BATCH_ROWS * STAGED_FIELDS);
  private batched = 0;
  /** Assignments staged so far: the next one's id. */
  private staged = 0;
  /** The first thing that went wrong on the writer's side. */
  private failure: unknown;
  private readonly roleRank: Map<string, number>;

  constructor(
    private readonly writer: WriterHandle,
    roleIds: string[],
    private readonly tree: SnapshotTree,
  ) {
    this.roleRank = new Map(roleIds.map((id, rank) => [id, rank]));
  }

  /** Stages one assignment (file by its position in the import, line in that file). */
  add(roleId: string, nodeId: number, userId: number, fileNo: number, line: number): void {
    const { batch } = this;
    let at = this.batched;
    batch[at++] = this.roleRank.get(roleId) as number;
    batch[at++] = nodeId;
    batch[at++] = userId;
    batch[at++] = ++this.staged;
    batch[at++] = fileNo;
    batch[at++] = line;
    this.batched = at;
    if (at === batch.length) this.flush();
  }

  /** Reading waits for this before each chunk (streamCsv's `ready`): while the writer is behind, or failed. */
  readonly ready = (): Promise<void> | undefined => {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return this.writer.pending > MAX_PENDING_CALLS ? this.writer.settle(MAX_PENDING_CALLS) : undefined;
  };

  /** Stages the rest and writes the snapshot in one transaction (all or nothing). */
  async write(header: SnapshotHeader): Promise<{ id: number; assignmentCount: number }> {
    this.flush();
    await this.writer.settle(0);
    if (this.failure !== undefined) throw this.failure;
    return this.writer.call('write', header);
  }

  /** The error to report for one the import failed with: the writer's first failure caused it, unless it is a problem in the files. */
  blame(error: unknown): unknown {
    return error instanceof AuditError || this.failure === undefined ? error : this.failure;
  }

  private flush(): void {
    const { batch, batched } = this;
    const { nodes, users } = this.tree.unstaged();
    // The batch's buffer moves to the writer's thread, so the next batch gets a new one.
    this.writer.call('stage', batched === batch.length ? batch : batch.slice(0, batched), nodes, users).catch((error: unknown) => {
      this.failure ??= error;
    });
    this.batch = new Int32Array(STAGE_BATCH_ROWS * STAGED_FIELDS);
    this.batched = 0;
  }
}

/**
 * Runs `work` with a writer for one import into `db`, and closes the writer after it (dropping what
 * was staged, if nothing was written).
 */
export async function withStaging<T>(
  db: Database,
  model: RoleModel,
  tree: SnapshotTree,
  work: (staging: Staging) => Promise<T>,
): Promise<T> {
  // The writer stages roles by rank: their order in SQLite's BINARY collation (rankRoles).
  const roleIds = rankRoles(model.roles.map((r) => r.id));
  const writer = openWriter(db, roleIds);
  const staging = new Staging(writer, roleIds, tree);
  try {
    return await work(staging);
  } catch (error) {
    throw staging.blame(error);
  } finally {
    await writer.close();
  }
}
