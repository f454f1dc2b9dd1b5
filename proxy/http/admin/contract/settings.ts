/** The settings catalogue, as `gemgate config` reads and writes it. */

export type SettingValueView = string | number | boolean | string[];

export interface SettingView {
  name: string;
  value: SettingValueView;
  default: SettingValueView;
  /** `list` values are edited as comma-separated text, as with `gemgate config set`. */
  kind: 'string' | 'number' | 'boolean' | 'list';
  /** The allowed values, when the setting is one of a fixed set (e.g. the pool strategy). */
  choices?: string[];
  description: string;
}

/** GET /admin/api/settings */
export interface SettingsResponse {
  settings: SettingView[];
}

/** PUT /admin/api/settings/:name answers SettingView. */
export interface UpdateSettingRequest {
  value: SettingValueView;
}
