import { Router } from 'express';
import type { AdminContext, FilesAdminSource } from './adminContext.js';
import type { FilesResponse, OwnedResourceView } from './contract.js';
import { AdminError } from './adminError.js';
import type { OwnedResource, OwnedResourceRepository } from '../../store/files.js';
import type { UpstreamDispatcher } from '../../dispatch/upstreamDispatcher.js';
import { Failure, UpstreamFailure } from '../../failures/failures.js';

/**
 * The Files page of the dashboard: every file and cached content made through gemgate, with the
 * project that owns it and the client that made it; deleting one deletes it at Google.
 */
export function fileAdminRoutes(ctx: AdminContext): Router {
  const router = Router();

  router.get('/files', (_req, res) => {
    const source = requireSource(ctx);
    const response: FilesResponse = { resources: source.list().map((record) => ownedView(ctx, record)) };
    res.json(response);
  });

  router.delete(/^\/files\/(.+)$/, async (req, res) => {
    const source = requireSource(ctx);
    let name: string;
    try {
      name = decodeURIComponent(req.path.slice('/files/'.length));
    } catch {
      throw new AdminError(400, 'The file name in the path is not valid percent-encoding.');
    }
    if (!/^(files|cachedContents)\/[^/]+$/.test(name)) {
      throw new AdminError(
        400,
        `"${name}" is not a file (files/ID) or a cached content (cachedContents/ID).`,
      );
    }
    let deleted: boolean;
    try {
      deleted = await source.delete(name);
    } catch (error) {
      if (error instanceof Failure)
        throw new AdminError(502, `Gemini did not delete ${name}: ${error.message}`);
      throw error;
    }
    if (!deleted) throw new AdminError(404, `gemgate has no record of ${name}.`);
    res.status(204).end();
  });

  return router;
}

function requireSource(ctx: AdminContext): FilesAdminSource {
  if (!ctx.files) throw new AdminError(409, 'This gateway keeps no record of files.');
  return ctx.files;
}

function ownedView(ctx: AdminContext, record: OwnedResource): OwnedResourceView {
  const project = ctx.store.projects.get(record.projectId);
  const account = project ? ctx.store.accounts.get(project.accountId) : undefined;
  const client = record.clientId ? ctx.store.tokens.get(record.clientId) : undefined;
  const state = record.resource.state;
  return {
    name: record.name,
    kind: record.kind,
    displayName: record.displayName,
    mimeType: record.mimeType,
    sizeBytes: record.sizeBytes,
    model: record.model,
    state: typeof state === 'string' ? state : null,
    project: {
      id: record.projectId,
      label: project?.label ?? record.projectId,
      account: account?.label ?? null,
    },
    client: client ? { id: client.id, name: client.name } : null,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
  };
}

/** The source as the running gateway has it: its registry, and its dispatcher to reach the owner. */
export function filesAdminSource(
  registry: OwnedResourceRepository,
  dispatcher: UpstreamDispatcher,
): FilesAdminSource {
  return {
    list: () => registry.listAll(),
    async delete(name) {
      const record = registry.get(name);
      if (!record) return false;
      try {
        const opened = await dispatcher.resource({
          method: 'DELETE',
          target: `v1beta/${name}`,
          quotaModel: record.kind === 'file' ? 'files' : 'cachedContents',
          owner: { projectId: record.projectId, resource: record.name },
        });
        opened.response.body.resume();
      } catch (error) {
        // Already gone at Google (deleted elsewhere, expired early): forgetting it is all that is left.
        const gone =
          error instanceof UpstreamFailure &&
          (error.status === 404 || error.verdict.kind === 'resource-denied');
        if (!gone) throw error;
      }
      registry.delete(name);
      return true;
    },
  };
}
