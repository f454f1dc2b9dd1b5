import { useState } from 'react';
import type { AccountView, KeyView, ProjectView, Tier } from '../../../proxy/http/admin/contract';
import { api } from '../../api/client';
import { ActionsHeading, Badge, Card, ConfirmButton } from '../../components/ui';
import { DayBar, MinuteBar } from '../../components/QuotaBar';
import { formatAgo, formatClock, formatReset } from '../../format';
import { modelsInUse, projectName, projectServes, STANDING_WORDS, standingOf } from '../../quota';

type Run = (action: () => Promise<unknown>) => Promise<void>;

/** One account: its tier, its projects (each with its keys and, folded, its quota today). */
export function AccountCard({ account, now, run }: { account: AccountView; now: number; run: Run }) {
  const keyCount = account.projects.reduce((total, project) => total + project.keys.length, 0);
  return (
    <Card
      title={`Account: ${account.label}`}
      id={`account-${account.id}`}
      actions={
        <>
          <label className="inline-label">
            Tier
            <select
              value={account.tier}
              onChange={(event) =>
                void run(() => api.updateAccount(account.id, { tier: event.target.value as Tier }))
              }
            >
              <option value="primary">Primary</option>
              <option value="backup">Backup</option>
            </select>
          </label>
          <button
            type="button"
            className="button-small"
            onClick={() =>
              void run(() =>
                api.updateAccount(account.id, { state: account.state === 'active' ? 'disabled' : 'active' }),
              )
            }
          >
            {account.state === 'active' ? 'Disable account' : 'Enable account'}
          </button>
        </>
      }
    >
      <p className="muted">
        {keyCount} key{keyCount === 1 ? '' : 's'} in {account.projects.length} project
        {account.projects.length === 1 ? '' : 's'}
        {account.state === 'disabled' && ' · account disabled: none of its keys is used'}
      </p>
      {account.projects.map((project) => (
        <ProjectBlock key={project.id} account={account} project={project} now={now} run={run} />
      ))}
    </Card>
  );
}

function ProjectBlock({
  account,
  project,
  now,
  run,
}: {
  account: AccountView;
  project: ProjectView;
  now: number;
  run: Run;
}) {
  const serves = projectServes(account, project);
  const inUse = modelsInUse(project, now);
  const stopped = inUse.filter((quota) => standingOf(quota, now).state !== 'ok');
  return (
    <section className="project" aria-label={`Project ${projectName(project)}`}>
      <h3>
        {project.provider !== 'gemini' ? (
          <>
            {project.provider} <span className="muted">keys of this account (they share its quota)</span>
          </>
        ) : project.gcpProject ? (
          `Project ${project.gcpProject}`
        ) : (
          <>
            Own project <span className="muted">of key {project.label}</span>
          </>
        )}
      </h3>
      {!serves ? (
        <p className="muted small">
          Not serving:{' '}
          {account.state === 'disabled' ? 'its account is disabled' : 'none of its keys is active'}, so its
          quota is not used.
        </p>
      ) : (
        <ul className="project-state">
          {stopped.map((quota) => {
            const standing = standingOf(quota, now);
            return (
              <li key={quota.model}>
                <Badge tone={standing.state === 'exhausted' ? 'bad' : 'warn'}>
                  {STANDING_WORDS[standing.state]}
                </Badge>{' '}
                {quota.model}: back {formatReset(standing.until!, now)}
              </li>
            );
          })}
        </ul>
      )}
      <table className="table stack-table keys-table">
        <caption className="visually-hidden">Keys of this project</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">State</th>
            <th scope="col">Today</th>
            <ActionsHeading />
          </tr>
        </thead>
        <tbody>
          {project.keys.map((key) => (
            <KeyRow key={key.id} keyView={key} resting={serves && stopped.length > 0} now={now} run={run} />
          ))}
        </tbody>
      </table>
      {serves && inUse.length > 0 && (
        <details className="quota-details">
          <summary>
            Quota today: {inUse.length} model{inUse.length === 1 ? '' : 's'} in use
          </summary>
          <div className="quotas" aria-label={`Quota of project ${projectName(project)}`}>
            {inUse.map((quota) => (
              <div key={quota.model} className="quota-model">
                <h4>{quota.model}</h4>
                <DayBar quota={quota} now={now} />
                {quota.rpm.limit === null && quota.tpm.limit === null ? (
                  <p className="muted small">No per-minute limits (a rule of yours lifted them).</p>
                ) : (
                  <div className="quota-minute">
                    <MinuteBar label="Requests this minute" meter={quota.rpm} />
                    <MinuteBar label="Tokens this minute" meter={quota.tpm} />
                  </div>
                )}
              </div>
            ))}
          </div>
        </details>
      )}
    </section>
  );
}

const STATE_TONE = { active: 'good', disabled: 'neutral', dead: 'bad' } as const;

function KeyRow({
  keyView,
  resting,
  now,
  run,
}: {
  keyView: KeyView;
  resting: boolean;
  now: number;
  run: Run;
}) {
  const [checking, setChecking] = useState(false);
  // A dead key is re-enabled by hand once the user fixed it; a check revives it too.
  const toggle =
    keyView.state === 'active'
      ? { label: 'Disable', state: 'disabled' as const }
      : { label: keyView.state === 'dead' ? 'Re-enable' : 'Enable', state: 'active' as const };
  const check = async () => {
    setChecking(true);
    await run(() => api.checkKey(keyView.id));
    setChecking(false);
  };
  const { activity } = keyView;
  return (
    <tr data-key-id={keyView.id}>
      <td data-label="Key">
        <code>{keyView.masked}</code>
      </td>
      <td data-label="State" className="why">
        <Badge tone={keyView.state === 'active' && resting ? 'warn' : STATE_TONE[keyView.state]}>
          {keyView.state === 'active' && resting ? 'active, partly resting' : keyView.state}
        </Badge>{' '}
        <span className="muted small">{keyView.why}</span>
      </td>
      <td data-label="Today">
        {activity.today > 0 ? (
          <>
            {activity.today} request{activity.today === 1 ? '' : 's'}
            {activity.failedToday > 0 && <span className="bad-text">, {activity.failedToday} failed</span>}
          </>
        ) : (
          <span className="muted">no requests</span>
        )}
        <div className="muted small">
          {activity.lastOkAt !== null
            ? `last answer ${formatAgo(activity.lastOkAt, now)}`
            : keyView.lastCheckedAt !== null
              ? `checked ${formatAgo(keyView.lastCheckedAt, now)}`
              : 'not checked yet'}
          {keyView.coolingUntil !== null &&
            keyView.coolingUntil > now &&
            ` · rests until ${formatClock(keyView.coolingUntil, now)}`}
        </div>
      </td>
      <td data-label="">
        <div className="row-actions">
          <button
            type="button"
            className="button-small"
            onClick={() => void check()}
            disabled={checking}
            aria-label={`Check key ${keyView.masked}`}
          >
            {checking ? 'Checking…' : 'Check'}
          </button>
          <button
            type="button"
            className="button-small"
            aria-label={`${toggle.label} key ${keyView.masked}`}
            onClick={() => void run(() => api.setKeyState(keyView.id, toggle.state))}
          >
            {toggle.label}
          </button>
          <ConfirmButton
            label="Remove"
            confirmLabel="Confirm remove"
            ariaLabel={`Remove key ${keyView.masked}`}
            onConfirm={() => void run(() => api.removeKey(keyView.id))}
          />
        </div>
      </td>
    </tr>
  );
}
