// The built-in role models, checked when loaded.
import { AuditError } from '../errors';
import type { RoleModel } from '../model/types';
import { validateModel } from '../model/validate';
import { hexiosecAsm } from './hexiosec-asm';
import { huntress } from './huntress';
import { hyasProtect } from './hyas-protect';

export const BUILT_IN_MODELS: RoleModel[] = [huntress, hyasProtect, hexiosecAsm].map(validateModel);

export function getModel(platformId: string): RoleModel {
  const model = BUILT_IN_MODELS.find((m) => m.id === platformId.trim().toLowerCase());
  if (!model) {
    throw new AuditError('input', `unknown platform "${platformId}" (known: ${BUILT_IN_MODELS.map((m) => m.id).join(', ')})`);
  }
  return model;
}
