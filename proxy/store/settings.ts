import type { Db } from './database.js';
import {
  defaultSettings,
  isSettingName,
  parseSetting,
  type SettingName,
  type Settings,
  type SettingValue,
} from '../config/settings.js';

/** Settings rows hold JSON; anything absent takes its catalogue default. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  all(): Settings {
    const settings = defaultSettings();
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{
      key: string;
      value: string;
    }>;
    for (const row of rows) {
      if (!isSettingName(row.key)) continue; // a setting a newer version wrote; leave it be
      try {
        (settings as Record<SettingName, unknown>)[row.key] = parseSetting(row.key, JSON.parse(row.value));
      } catch {
        // A stored value the current rules refuse falls back to the default rather than stopping the gateway.
      }
    }
    return settings;
  }

  /**
   * The settings set explicitly, as stored (JSON values, unchecked, names a newer version wrote
   * included): by name, or in the order they were first set.
   */
  stored(order: 'name' | 'first-set' = 'first-set'): Map<string, unknown> {
    const rows = this.db
      .prepare(`SELECT key, value FROM settings ORDER BY ${order === 'name' ? 'key' : 'rowid'}`)
      .all() as Array<{ key: string; value: string }>;
    return new Map(rows.map((row) => [row.key, JSON.parse(row.value) as unknown]));
  }

  get<N extends SettingName>(name: N): SettingValue<N> {
    return this.all()[name];
  }

  set<N extends SettingName>(name: N, raw: unknown): SettingValue<N> {
    const value = parseSetting(name, raw);
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(name, JSON.stringify(value));
    return value;
  }
}
