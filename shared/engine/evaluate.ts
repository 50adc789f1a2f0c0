// The evaluation engine: who can do what, where, and why. Each question has its module around one
// shared walk (walk.ts); this is the engine's front door. It asks a SnapshotView narrow questions
// (assignments of these roles at these nodes), so answers cost what the answer is, not what the
// snapshot is.

export { requireNode, requirePermission, requireUser, type Evaluator, type GrantChain, type PersonFacts } from './walk';
export { whoCan, type WhoCanAnswer, type WhoCanEntry } from './who-can';
export { can, type CanAnswer, type Reason, type ReasonKind } from './can';
export { effectiveAccess, type EffectivePermission, type NodeAccess, type UserAccess } from './access';
export { accessMatrix, type AccessMatrix, type MatrixCell, type MatrixRow } from './matrix';
