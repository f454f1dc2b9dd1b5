import { useState, type FormEvent } from 'react';
import type { SettingValueView, SettingView } from '../../../proxy/http/admin/contract';
import { api, errorMessage } from '../../api/client';
import { useResource } from '../../api/useResource';
import { Card, ErrorNotice, Loading } from '../../components/ui';
import { fieldText, settingSections, shownUnit } from './settingSections';

/** The settings catalogue, one card per section; each setting saves on its own and applies at once. */
export function SettingsCards() {
  const settings = useResource(api.settings, ['settings']);
  return (
    <>
      <ErrorNotice message={settings.error} />
      {!settings.data ? (
        <Loading />
      ) : (
        settingSections(settings.data.settings).map(({ section, title, settings: entries }) => (
          <Card key={section} title={title} id={`settings-${section}`}>
            <div className="settings-list">
              {entries.map((setting) => (
                <SettingRow key={setting.name} setting={setting} onSaved={settings.reload} />
              ))}
            </div>
          </Card>
        ))
      )}
    </>
  );
}

function SettingRow({ setting, onSaved }: { setting: SettingView; onSaved: () => void }) {
  const unit = shownUnit(setting.unit);
  const [value, setValue] = useState(fieldText(setting, setting.value));
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const id = `setting-${setting.name.replace(/\W/g, '-')}`;
  const save = async (raw: SettingValueView) => {
    setError(undefined);
    setSaved(false);
    try {
      const stored = await api.setSetting(setting.name, raw);
      setValue(fieldText(setting, stored.value));
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(setting.kind === 'number' ? unit.toStored(Number(value)) : value);
  };

  if (setting.kind === 'boolean') {
    return (
      <div className="setting">
        <label className="checkbox" htmlFor={id}>
          <input
            id={id}
            type="checkbox"
            checked={value === 'true'}
            onChange={(event) => void save(event.target.checked)}
          />
          <span>
            <strong>{setting.label}</strong>
            <span className="muted small setting-description">{setting.description}</span>
            <code className="setting-name">{setting.name}</code>
          </span>
        </label>
        {saved && (
          <span role="status" className="muted small">
            Saved.
          </span>
        )}
        <ErrorNotice message={error} />
      </div>
    );
  }
  return (
    <form className="setting" onSubmit={submit}>
      <label htmlFor={id}>
        <strong>{setting.label}</strong>
        <span className="muted small setting-description">
          {setting.description} Default: {fieldText(setting, setting.default) || '(none)'}
          {unit.suffix && setting.kind === 'number' && ` ${unit.suffix}`}.
        </span>
        <code className="setting-name">{setting.name}</code>
      </label>
      <div className="setting-input">
        {setting.choices ? (
          <select
            id={id}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setSaved(false);
            }}
          >
            {setting.choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            type={setting.kind === 'number' ? 'number' : 'text'}
            step={setting.unit === 'ms' ? 'any' : undefined}
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setSaved(false);
            }}
          />
        )}
        {unit.suffix && setting.kind === 'number' && <span className="muted">{unit.suffix}</span>}
        <button type="submit" className="button-small" disabled={value === fieldText(setting, setting.value)}>
          Save
        </button>
        {saved && (
          <span role="status" className="muted small">
            Saved.
          </span>
        )}
      </div>
      <ErrorNotice message={error} />
    </form>
  );
}
