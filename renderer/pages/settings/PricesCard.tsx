import { useState, type FormEvent } from 'react';
import type { PriceView } from '../../../proxy/http/admin/contract';
import { api, errorMessage } from '../../api/client';
import { useResource } from '../../api/useResource';
import { ActionsHeading, Card, ErrorNotice, Loading } from '../../components/ui';
import { newPrice, ratesChanged, withRates } from './priceEdits';

/** The price table behind every cost shown: the shipped prices, the user's own on top. */
export function PricesCard() {
  const prices = useResource(api.prices, ['settings']);
  const [error, setError] = useState<string>();
  const done = () => {
    setError(undefined);
    prices.reload();
  };
  return (
    <Card title="Prices">
      <p className="muted">
        USD per million tokens, used to work out cost (thinking tokens are billed as output); images and
        speech per image and per second. gemgate ships Gemini&apos;s published prices; yours win over them.
      </p>
      <ErrorNotice message={error ?? prices.error} />
      {!prices.data ? (
        <Loading />
      ) : (
        <>
          <div>
            <table className="table stack-table prices">
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Input</th>
                  <th scope="col">Output</th>
                  <th scope="col">Source</th>
                  <ActionsHeading />
                </tr>
              </thead>
              <tbody>
                {prices.data.prices.map((price) => (
                  <PriceRow key={price.model} price={price} onSaved={done} onError={setError} />
                ))}
              </tbody>
            </table>
          </div>
          <NewPrice onSaved={done} onError={setError} />
        </>
      )}
    </Card>
  );
}

function PriceRow({
  price,
  onSaved,
  onError,
}: {
  price: PriceView;
  onSaved: () => void;
  onError: (message: string) => void;
}) {
  const [input, setInput] = useState(String(price.input));
  const [output, setOutput] = useState(String(price.output));
  const save = () => {
    api
      .setPrice(withRates(price, input, output))
      .then(onSaved)
      .catch((failure: unknown) => onError(errorMessage(failure)));
  };
  const reset = () =>
    api
      .resetPrice(price.model)
      .then(onSaved)
      .catch((failure: unknown) => onError(errorMessage(failure)));
  return (
    <tr>
      <th scope="row" data-label="Model">
        <code>{price.model}</code>
        {price.longThreshold !== undefined && (
          <div className="muted small">
            above {price.longThreshold.toLocaleString()} prompt tokens: {price.inputLong} / {price.outputLong}
          </div>
        )}
        {price.perImage !== undefined && <div className="muted small">USD {price.perImage} per image</div>}
        {price.perAudioSecond !== undefined && (
          <div className="muted small">USD {price.perAudioSecond} per second of speech</div>
        )}
      </th>
      <td data-label="Input">
        <PriceInput label={`Input price of ${price.model}`} value={input} onChange={setInput} />
      </td>
      <td data-label="Output">
        <PriceInput label={`Output price of ${price.model}`} value={output} onChange={setOutput} />
      </td>
      <td data-label="Source">{price.source === 'user' ? 'yours' : 'default'}</td>
      <td data-label="">
        <div className="row-actions">
          <button
            type="button"
            className="button-small"
            disabled={!ratesChanged(price, input, output)}
            onClick={save}
            aria-label={`Save price of ${price.model}`}
          >
            Save
          </button>
          {price.source === 'user' && (
            <button
              type="button"
              className="button-small"
              onClick={() => void reset()}
              aria-label={`Reset price of ${price.model} to the default`}
            >
              Reset
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}

function NewPrice({ onSaved, onError }: { onSaved: () => void; onError: (message: string) => void }) {
  const [model, setModel] = useState('');
  const [input, setInput] = useState('');
  const [output, setOutput] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api
      .setPrice(newPrice(model, input, output))
      .then(() => {
        setModel('');
        setInput('');
        setOutput('');
        onSaved();
      })
      .catch((failure: unknown) => onError(errorMessage(failure)));
  };
  return (
    <form className="form-row new-price" onSubmit={submit} aria-label="Price another model">
      <label>
        Another model
        <input
          value={model}
          onChange={(event) => setModel(event.target.value)}
          required
          placeholder="model id"
        />
      </label>
      <label>
        Input (USD / 1M)
        <PriceInput value={input} onChange={setInput} required />
      </label>
      <label>
        Output (USD / 1M)
        <PriceInput value={output} onChange={setOutput} required />
      </label>
      <button type="submit">Add price</button>
    </form>
  );
}

/** A price in USD per 1M tokens; `label` names it when no visible label wraps it. */
function PriceInput(props: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  required?: boolean;
}) {
  return (
    <input
      type="number"
      min={0}
      step="0.001"
      aria-label={props.label}
      required={props.required}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
    />
  );
}
