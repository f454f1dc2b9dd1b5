import { useState } from 'react';
import type { OwnedResourceView } from '../../proxy/http/admin/contract';
import { api, errorMessage } from '../api/client';
import { useResource } from '../api/useResource';
import {
  ActionsHeading,
  Badge,
  Card,
  ConfirmButton,
  ErrorNotice,
  Loading,
  PageHeader,
} from '../components/ui';
import { formatTime, formatUntil } from '../format';

/** Sizes as people read them: bytes, KB, MB, GB (powers of 1024, one decimal past KB). */
function formatSize(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** Resources by the project that owns them, projects in order of their newest resource. */
function byProject(
  resources: OwnedResourceView[],
): Array<{ project: OwnedResourceView['project']; items: OwnedResourceView[] }> {
  const groups = new Map<string, { project: OwnedResourceView['project']; items: OwnedResourceView[] }>();
  for (const resource of resources) {
    const group = groups.get(resource.project.id) ?? { project: resource.project, items: [] };
    group.items.push(resource);
    groups.set(resource.project.id, group);
  }
  return [...groups.values()];
}

export function Files() {
  // An upload that finishes is a usage row: the page follows uploads without polling.
  const files = useResource(api.files, ['usage']);
  const [error, setError] = useState<string>();
  const remove = (name: string) =>
    api
      .deleteFile(name)
      .then(() => {
        setError(undefined);
        files.reload();
      })
      .catch((failure: unknown) => setError(errorMessage(failure)));

  return (
    <>
      <PageHeader title="Files">
        Files uploaded and contexts cached through gemgate. Each lives in the one project whose key made it:
        only that project can read it, so requests naming it are sent there. Google deletes files 48 hours
        after upload, and caches when they expire.
      </PageHeader>
      <ErrorNotice message={error ?? files.error} />
      {!files.data ? (
        <Loading />
      ) : files.data.resources.length === 0 ? (
        <Card title="No files">
          <p className="muted">Nothing uploaded or cached yet.</p>
        </Card>
      ) : (
        byProject(files.data.resources).map(({ project, items }) => (
          <Card
            key={project.id}
            title={`Project ${project.label}${project.account ? ` · account ${project.account}` : ''}`}
            id={`files-${project.id}`}
          >
            <div>
              <table className="table stack-table" aria-label={`Files of project ${project.label}`}>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Size</th>
                    <th scope="col">Client</th>
                    <th scope="col">Uploaded</th>
                    <th scope="col">Expires</th>
                    <ActionsHeading />
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.name} data-testid="owned-resource">
                      <td data-label="Name">
                        <strong>{item.displayName ?? item.name}</strong>{' '}
                        {item.kind === 'cachedContent' && <Badge tone="neutral">cache</Badge>}
                        {item.state && item.state !== 'ACTIVE' && (
                          <Badge tone={item.state === 'FAILED' ? 'bad' : 'warn'}>
                            {item.state.toLowerCase()}
                          </Badge>
                        )}
                        <div className="muted small">
                          <code>{item.name}</code>
                          {item.mimeType && ` · ${item.mimeType}`}
                          {item.model && ` · ${item.model.replace(/^models\//, '')}`}
                        </div>
                      </td>
                      <td data-label="Size">{formatSize(item.sizeBytes)}</td>
                      <td data-label="Client">{item.client?.name ?? '—'}</td>
                      <td data-label="Uploaded">{formatTime(item.createdAt)}</td>
                      <td
                        data-label="Expires"
                        title={item.expiresAt ? formatTime(item.expiresAt) : undefined}
                      >
                        {item.expiresAt ? formatUntil(item.expiresAt) : '—'}
                      </td>
                      <td data-label="">
                        <div className="row-actions">
                          <ConfirmButton
                            label="Delete"
                            confirmLabel="Confirm delete"
                            ariaLabel={`Delete ${item.displayName ?? item.name}`}
                            onConfirm={() => void remove(item.name)}
                          />
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        ))
      )}
    </>
  );
}
