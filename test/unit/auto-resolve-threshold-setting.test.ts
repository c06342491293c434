import { describe, expect, it } from 'vitest';
import type { DeploymentSettingsRepository, SettingChange } from '../../src/domain/ports/settings.js';
import { changeThreshold, readThresholdSetting } from '../../src/pipeline/tuning/auto-resolve-threshold-setting.js';

function fakeSettings(): DeploymentSettingsRepository {
  const changes: SettingChange[] = [];
  return {
    autoResolveThreshold: async () => changes[0]?.value ?? null,
    changeAutoResolveThreshold: async (value, changedById) => {
      changes.unshift({ value, changedAt: new Date(), changedBy: { id: changedById, name: changedById } });
    },
    autoResolveThresholdChanges: async (limit) => changes.slice(0, limit),
  };
}

describe('changeThreshold', () => {
  it('records who set it, puts it in force, and a reset returns to the environment’s', async () => {
    const deps = { settings: fakeSettings(), environment: 0.9 };
    expect(await changeThreshold(deps, 0.8, 'ada')).toMatchObject({ value: 0.8, source: 'override', environment: 0.9 });
    const reset = await changeThreshold(deps, null, 'bob');
    expect(reset).toMatchObject({ value: 0.9, source: 'environment' });
    expect(reset.changes.map((c) => [c.value, c.changedBy?.id])).toEqual([
      [null, 'bob'],
      [0.8, 'ada'],
    ]);
  });

  it('refuses a value outside 0.5–0.99 as validation_failed, recording nothing', async () => {
    const deps = { settings: fakeSettings(), environment: 0.9 };
    await expect(changeThreshold(deps, 0.3, 'ada')).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await readThresholdSetting(deps)).toMatchObject({ value: 0.9, source: 'environment', changes: [] });
  });
});
