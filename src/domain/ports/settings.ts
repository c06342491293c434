// Storage of the settings admins change at run time, with who changed them and when.

/** One change of a setting; `value` null: reset to the environment's. */
export interface SettingChange {
  value: number | null;
  changedAt: Date;
  /** Who changed it; null once their account was deleted. */
  changedBy: { id: string; name: string } | null;
}

export interface DeploymentSettingsRepository {
  /** The admins' auto-resolve threshold in force; null when none is (AUTO_RESOLVE_THRESHOLD applies). */
  autoResolveThreshold(): Promise<number | null>;
  /** Records a change (null resets); the latest change is the one in force. */
  changeAutoResolveThreshold(value: number | null, changedById: string): Promise<void>;
  /** The latest changes, newest first. */
  autoResolveThresholdChanges(limit: number): Promise<SettingChange[]>;
}
