/**
 * KMS keys of restored resources (DESIGN §3.3). A customer-managed key belongs to one account and
 * region: into the source's own account and region the backup's key is kept unless a target key is
 * given; elsewhere it cannot be used, so none is sent (the target's default key) and the plan says so.
 */

export const FOREIGN_KEY_WARNING =
  "encrypted with a customer key in the source; restored with the target's default key: set target_kms_key_native_id to choose one";

/** The group fields that tell whether a restore stays in the source's account and region. */
interface Located {
  readonly source_account?: string;
  readonly source_region?: string;
  readonly target_account?: string;
  readonly target_region?: string;
}

/** Whether a restore lands in the source's own account and region, where the backup's key exists. */
export function restoresInPlace(group: Located): boolean {
  return group.target_account === group.source_account && group.target_region === group.source_region;
}

/** The key a restore sends: the target key if given, else the backup's in place; null = the default key. */
export function restoreKey(
  targetKey: string | undefined,
  backupKey: string | null | undefined,
  inPlace: boolean,
): string | null {
  return targetKey ?? (inPlace ? (backupKey ?? null) : null);
}

/** The plan's warning when some of the backup's keys cannot go with the restore. */
export function keyWarnings(
  targetKey: string | undefined,
  backupKeys: readonly (string | null | undefined)[],
  inPlace: boolean,
): string[] {
  const encrypted = backupKeys.some((key) => key !== undefined && key !== null && key !== '');
  return targetKey === undefined && !inPlace && encrypted ? [FOREIGN_KEY_WARNING] : [];
}
