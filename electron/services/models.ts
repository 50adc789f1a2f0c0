// Role models as the service finds them: the built-in ones, a user's model file read from disk (its
// bytes' SHA-256 taken, its text kept for the snapshot), and the description of a model the
// contract's `model` call and the CLI's `permissions` and `roles` give.

import type { ImportFile, ModelInfo, PlatformSummary } from '../../shared/api';
import { AuditError } from '../../shared/errors';
import { readModelFile } from '../../shared/model/model-file';
import { resolveModel, versionAsOf } from '../../shared/model/resolve';
import type { RoleModel } from '../../shared/model/types';
import { BUILT_IN_MODELS, builtInSnapshotModel, getModel } from '../../shared/models';
import type { SnapshotModel } from '../../shared/snapshot';
import type { ModelFileRecord } from './import-writer';
import { readJsonFile } from './json-file';

/** A model file larger than this is refused: the built-in models are about 60 KB. */
export const MAX_MODEL_FILE_BYTES = 5 * 1024 * 1024;

/** A model file a user gave, read and checked, with what a snapshot keeps of it. */
export interface UserModel {
  model: RoleModel;
  file: Omit<ModelFileRecord, 'model'>;
}

export function readUserModel(file: ImportFile): UserModel {
  const { fileName, text, sha256 } = readJsonFile(file, { noun: 'role model file', short: 'model file', maxBytes: MAX_MODEL_FILE_BYTES });
  const model = readModelFile(text, fileName, BUILT_IN_MODELS);
  return { model, file: { sha256, fileName, text } };
}

/** What a snapshot read with this model file keeps of it (and what the app shows of it before the import). */
export function userSnapshotModel(user: UserModel): SnapshotModel {
  return { origin: 'user', name: user.model.name, sha256: user.file.sha256, fileName: user.file.fileName };
}

export function platformSummary(model: RoleModel): PlatformSummary {
  return { id: model.id, name: model.name, levels: model.levels, versions: model.versions };
}

/** A model as the `model` call describes it: the version in force on `versionId` (default: the newest). */
export function modelInfo(model: RoleModel, origin: SnapshotModel, versionId?: string): ModelInfo {
  const resolved = resolveModel(model, versionId);
  return {
    platform: platformSummary(model),
    origin,
    version: resolved.version,
    permissions: resolved.permissions,
    roles: resolved.roles,
    constraints: model.constraints,
    notes: model.notes.map((n) => ({ text: n.text })),
  };
}

/** A built-in platform's model in force on `asOf` (default: the newest). */
export function describeBuiltIn(platform: string, asOf?: string): ModelInfo {
  const model = getModel(platform);
  return modelInfo(model, builtInSnapshotModel(model.id), versionAsOf(model, asOf).id);
}

/**
 * The model an import or its preview reads the files with: a model file (whose platform, when one is
 * named too, must be the file's), or the platform's built-in model.
 */
export function modelForImport(req: { platform?: string; model?: ImportFile }): { model: RoleModel; user?: UserModel } {
  if (req.model) {
    const user = readUserModel(req.model);
    if (req.platform !== undefined && req.platform.trim().toLowerCase() !== user.model.id) {
      throw new AuditError('usage', `the model file ${user.file.fileName} is for platform "${user.model.id}", not "${req.platform}"`);
    }
    return { model: user.model, user };
  }
  if (req.platform === undefined) throw new AuditError('usage', 'name a platform, or give a model file');
  return { model: getModel(req.platform) };
}
