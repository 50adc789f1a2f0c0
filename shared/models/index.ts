// The built-in role models, checked when loaded.
import { AuditError } from '../errors';
import type { RoleModel } from '../model/types';
import type { SnapshotModel } from '../snapshot';
import { validateModel } from '../model/validate';
import { hexiosecAsm } from './hexiosec-asm';
import { huntress } from './huntress';
import { hyasProtect } from './hyas-protect';

export const BUILT_IN_MODELS: RoleModel[] = [huntress, hyasProtect, hexiosecAsm].map(validateModel);

/** How a snapshot of a built-in platform names its model: the built-in model's name (the platform id where none is built in). */
export function builtInSnapshotModel(platformId: string): SnapshotModel {
  const model = BUILT_IN_MODELS.find((m) => m.id === platformId);
  return { origin: 'built-in', name: model?.name ?? platformId, sha256: null, fileName: null };
}

export function getModel(platformId: string): RoleModel {
  const model = BUILT_IN_MODELS.find((m) => m.id === platformId.trim().toLowerCase());
  if (!model) {
    throw new AuditError('input', `unknown platform "${platformId}" (known: ${BUILT_IN_MODELS.map((m) => m.id).join(', ')})`);
  }
  return model;
}
