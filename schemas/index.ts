export { decodeRestoreInput, type DecodeResult, type RestoreInput } from './restore-input.js';
export { decodeRerunInput, isRerunDocument, type RerunInput } from './rerun-input.js';
export {
  decodeListInput,
  type AssetStatus,
  type AssetTypeRequest,
  type ListInput,
  type ListWindow,
} from './list-input.js';
export type { Problem } from '../core/problems.js';
export type { Tag } from '../core/tags.js';
export type { SearchDirection } from '../core/window.js';
export type { CommonGroupFields } from '../core/group-fields.js';
export type { ResourceType, RestoreGroup } from '../restorers/index.js';
