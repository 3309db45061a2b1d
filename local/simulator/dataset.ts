import type { SharedDataset } from './dataset-types.js';
import type { TypeParts } from './types/index.js';

/** Each type's backups, oldest first. */
export type DatasetBackups = TypeParts['backups'];

/** Everything the simulator serves: the shared part and each type's lists (types/index.ts). */
export type Dataset = SharedDataset & TypeParts['items'] & { readonly backups: DatasetBackups };
