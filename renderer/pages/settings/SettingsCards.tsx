import { useState, type FormEvent } from 'react';
import type { SettingValueView, SettingView } from '../../../proxy/http/admin/contract';
import { api, errorMessage } from '../../api/client';
import { useResource } from '../../api/useResource';
import { Card, ErrorNotice, Loading } from '../../components/ui';
import { asText, settingSections } from './settingSections';

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
  const [value, setValue] = useState(asText(setting.value));
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const id = `setting-${setting.name.replace(/\W/g, '-')}`;
  const save = async (raw: SettingValueView) => {
    setError(undefined);
    setSaved(false);
    try {
      const stored = await api.setSetting(setting.name, raw);
      setValue(asText(stored.value));
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(setting.kind === 'number' ? Number(value) : value);
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
            <strong>{setting.name}</strong>
            <span className="muted small setting-description">{setting.description}</span>
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
        <strong>{setting.name}</strong>
        <span className="muted small setting-description">
          {setting.description} Default: <code>{asText(setting.default) || '(none)'}</code>
        </span>
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
            value={value}
            onChange={(event) => {
              setValue(event.target.value);
              setSaved(false);
            }}
          />
        )}
        <button type="submit" className="button-small" disabled={value === asText(setting.value)}>
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
