// Small building blocks shared by the pages: cards, notices, copy buttons, state badges.
import { useState, type ReactNode } from 'react';
import { copyText } from '../api/desktop';

export function Card(props: { title: string; children: ReactNode; actions?: ReactNode; id?: string }) {
  const headingId = `${props.id ?? props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <header className="card-header">
        <h2 id={headingId}>{props.title}</h2>
        {props.actions && <div className="card-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export function ErrorNotice({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="notice notice-error" role="alert">
      {message}
    </p>
  );
}

export function Loading() {
  return (
    <p className="muted" aria-live="polite">
      Loading…
    </p>
  );
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    copyText(text)
      .then(() => setState('copied'))
      .catch(() => setState('failed'))
      .finally(() => window.setTimeout(() => setState('idle'), 2000));
  };
  return (
    <button type="button" className="button-small" onClick={copy}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
      <span className="visually-hidden"> {label}</span>
    </button>
  );
}

export function Badge({
  tone,
  children,
}: {
  tone: 'good' | 'warn' | 'bad' | 'neutral';
  children: ReactNode;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** A labelled value, for the overview's figures. */
export function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

/** Each page's title; focusable so that moving between pages can put focus on it. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1 tabIndex={-1}>{title}</h1>
      {children && <p className="muted">{children}</p>}
    </div>
  );
}

/**
 * A destructive action that asks once more: the first press shows "Confirm …" and "Cancel" in its
 * place, so nothing is removed by a stray click or keypress.
 */
export function ConfirmButton(props: {
  label: string;
  confirmLabel: string;
  ariaLabel: string;
  onConfirm: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button
        type="button"
        className="button-small"
        aria-label={props.ariaLabel}
        onClick={() => setConfirming(true)}
      >
        {props.label}
      </button>
    );
  }
  return (
    <>
      <button type="button" className="button-small button-danger" onClick={props.onConfirm}>
        {props.confirmLabel}
      </button>
      <button type="button" className="button-small" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </>
  );
}
