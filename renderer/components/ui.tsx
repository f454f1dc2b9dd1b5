// Small building blocks shared by the pages: cards, notices, copy buttons, state badges.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { copyText } from '../api/desktop';
import { useConnection } from '../api/connection';

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
  const { reachable } = useConnection();
  return (
    <p className="muted" aria-live="polite">
      {reachable ? 'Loading…' : 'Not loaded: waiting for gemgate to answer.'}
    </p>
  );
}

/** A row of buttons of which one is chosen (a grouping, a range): pressed state for screen readers. */
export function Segmented<T extends string>(props: {
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
}) {
  return (
    <div className="segmented" role="group" aria-label={props.label}>
      {props.options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={props.value === option.value}
          onClick={() => props.onChange(option.value)}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

/**
 * A modal dialog (the browser's own: focus kept inside, Escape closes), full screen on a phone.
 * Closing it hands focus back to what opened it.
 */
export function Dialog(props: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    return () => {
      dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      <header className="dialog-header">
        <h2 id="dialog-title">{props.title}</h2>
        <button type="button" className="button-small" onClick={props.onClose}>
          Close
        </button>
      </header>
      <div className="dialog-body">{props.children}</div>
    </dialog>
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
        className="button-small button-danger-quiet"
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

/**
 * A URL that may wrap on a narrow screen only after a slash, never inside its host or port
 * ("http://192.168.1.20:8787/v1" never shows "87" on a line of its own).
 */
export function Url({ href }: { href: string }) {
  const parts = href.split(/(?<=\/)/);
  return (
    <code className="url">
      {parts.map((part, index) => (
        <span key={index}>
          {part}
          {index < parts.length - 1 && <wbr />}
        </span>
      ))}
    </code>
  );
}

/** The heading of a table's column of row actions: read out, not shown. */
export function ActionsHeading() {
  return (
    <th scope="col">
      <span className="visually-hidden">Actions</span>
    </th>
  );
}
