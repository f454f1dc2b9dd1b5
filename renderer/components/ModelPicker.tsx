import type { PoolModelView } from '../../proxy/http/admin/contract';

/** The entries of a list as the policy's text keeps it: separated by commas or white space. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/**
 * The models a token may call, picked from those the pool serves (a box each, grouped by provider),
 * with room for patterns of one's own (`gemini-2.5-*`). Keeps the policy's text form: nothing ticked
 * and no pattern means every model.
 */
export function ModelPicker({
  idBase,
  value,
  onChange,
  models,
}: {
  idBase: string;
  value: string;
  onChange: (value: string) => void;
  models: readonly PoolModelView[];
}) {
  const chosen = splitList(value);
  const known = new Set(models.map((model) => model.id));
  const patterns = chosen.filter((entry) => !known.has(entry));
  const providers = [...new Set(models.map((model) => model.provider))];
  const toggle = (id: string) =>
    onChange((chosen.includes(id) ? chosen.filter((entry) => entry !== id) : [...chosen, id]).join(', '));
  const setPatterns = (text: string) =>
    onChange([...chosen.filter((entry) => known.has(entry)), ...splitList(text)].join(', '));
  return (
    <fieldset className="model-picker">
      <legend>Models it may use (none ticked: every model)</legend>
      {models.length === 0 && (
        <p className="muted small">The pool&apos;s models are not known yet: type them below.</p>
      )}
      {providers.map((provider) => (
        <div key={provider} className="model-group" role="group" aria-label={`${provider} models`}>
          <div className="muted small">{provider === 'gemini' ? 'Gemini' : provider}</div>
          <div className="model-options">
            {models
              .filter((model) => model.provider === provider)
              .map((model) => (
                <label key={`${provider}/${model.id}`} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen.includes(model.id)}
                    onChange={() => toggle(model.id)}
                  />
                  {model.id}
                </label>
              ))}
          </div>
        </div>
      ))}
      <label htmlFor={`${idBase}-models`}>
        Other models or patterns <span className="muted">(* matches any text)</span>
        <input
          id={`${idBase}-models`}
          value={patterns.join(', ')}
          onChange={(event) => setPatterns(event.target.value)}
          placeholder="gemini-2.5-*"
        />
      </label>
    </fieldset>
  );
}
