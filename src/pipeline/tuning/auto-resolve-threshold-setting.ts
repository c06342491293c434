// Reading and changing the deployment's auto-resolve threshold (admins; console Tuning and
// /admin/settings/auto-resolve-threshold). Workers pick a change up within their cache's lifetime
// (see cachedThreshold).
import { isThresholdInRange, thresholdInForce, THRESHOLD_RANGE, type ThresholdInForce } from '../../domain/auto-resolve-threshold.js';
import { AppError } from '../../domain/errors.js';
import type { DeploymentSettingsRepository, SettingChange } from '../../domain/ports/settings.js';

/** How many past changes are shown. */
const CHANGES_SHOWN = 10;

export interface ThresholdSettingDeps {
  settings: DeploymentSettingsRepository;
  /** AUTO_RESOLVE_THRESHOLD. */
  environment: number;
}

export interface ThresholdSetting extends ThresholdInForce {
  environment: number;
  /** Newest first. */
  changes: SettingChange[];
}

export async function readThresholdSetting(deps: ThresholdSettingDeps): Promise<ThresholdSetting> {
  const [override, changes] = await Promise.all([
    deps.settings.autoResolveThreshold(),
    deps.settings.autoResolveThresholdChanges(CHANGES_SHOWN),
  ]);
  return { ...thresholdInForce(deps.environment, override), environment: deps.environment, changes };
}

/** Sets the threshold (null: back to the environment's) as `changedById`, and returns the setting now. */
export async function changeThreshold(deps: ThresholdSettingDeps, value: number | null, changedById: string): Promise<ThresholdSetting> {
  if (value !== null && !isThresholdInRange(value)) {
    throw new AppError('validation_failed', {
      message: `The threshold must be between ${THRESHOLD_RANGE.min} and ${THRESHOLD_RANGE.max}.`,
    });
  }
  await deps.settings.changeAutoResolveThreshold(value, changedById);
  return readThresholdSetting(deps);
}
