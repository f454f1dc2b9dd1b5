import { Router } from 'express';
import { z } from 'zod';
import type { AdminContext } from './adminContext.js';
import type { SettingsResponse, SettingValueView, SettingView, UpdateSettingRequest } from './contract.js';
import { schemaFor } from './schemaFor.js';
import { AdminError } from './adminError.js';
import {
  isSettingName,
  SETTING_NAMES,
  SETTINGS,
  type SettingName,
  type SettingUnit,
} from '../../config/settings.js';

// The value's own rules (range, choices) are the setting's, applied by the store; here only its kind.
const updateBody = schemaFor<UpdateSettingRequest>()(
  z.strictObject({
    value: z.union([z.string().max(4000), z.number(), z.boolean(), z.array(z.string().max(400)).max(100)]),
  }),
);

/** The settings catalogue, read and written through the same rules as `gemgate config`. */
export function settingsRoutes(ctx: AdminContext): Router {
  const router = Router();

  router.get('/settings', (_req, res) => {
    const values = ctx.store.settings.all();
    const response: SettingsResponse = {
      settings: SETTING_NAMES.map((name) => settingView(name, values[name])),
    };
    res.json(response);
  });

  router.put('/settings/:name', async (req, res) => {
    const name = req.params.name;
    if (!isSettingName(name)) throw new AdminError(404, `Unknown setting "${name}".`);
    const { value } = updateBody.parse(req.body);
    const stored = ctx.store.settings.set(name, value);
    await ctx.settingsChanged(name);
    ctx.feed.publish('settings', { name });
    res.json(settingView(name, stored));
  });

  return router;
}

function settingView(name: SettingName, value: unknown): SettingView {
  const entry = SETTINGS[name];
  // Optional in the catalogue: a setting added without them shows its own name.
  const shown = entry as { label?: string; unit?: SettingUnit };
  const fallback = entry.default as SettingValueView;
  const choices = choicesOf(entry.schema);
  return {
    ...(choices ? { choices } : {}),
    name,
    label: shown.label ?? name,
    unit: shown.unit ?? null,
    value: value as SettingValueView,
    default: fallback,
    kind: Array.isArray(fallback)
      ? 'list'
      : typeof fallback === 'number'
        ? 'number'
        : typeof fallback === 'boolean'
          ? 'boolean'
          : 'string',
    description: entry.describe,
  };
}

/** A z.enum's values, so the dashboard can offer a choice instead of a text field. */
function choicesOf(schema: unknown): string[] | undefined {
  const options = (schema as { options?: unknown }).options;
  return Array.isArray(options) && options.every((option) => typeof option === 'string')
    ? options
    : undefined;
}
