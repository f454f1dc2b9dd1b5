import type { Db } from './database.js';
import { newId } from '../util/ids.js';

/**
 * The unit a quota applies to. For Gemini, a Google Cloud project (a key added alone gets its own);
 * for another provider, the account itself: its keys share one such project (DashScope, for one,
 * limits the account, whatever key it calls with).
 */
export interface Project {
  id: string;
  accountId: string;
  label: string;
  gcpProject: string | null;
  createdAt: number;
  /** `gemini`, or the name of another provider. */
  provider: string;
}

interface ProjectRow {
  id: string;
  account_id: string;
  label: string;
  gcp_project: string | null;
  created_at: number;
  provider: string;
}

const toProject = (row: ProjectRow): Project => ({
  id: row.id,
  accountId: row.account_id,
  label: row.label,
  gcpProject: row.gcp_project,
  createdAt: row.created_at,
  provider: row.provider,
});

export class ProjectRepository {
  constructor(private readonly db: Db) {}

  list(): Project[] {
    return (this.db.prepare('SELECT * FROM projects ORDER BY created_at, rowid').all() as ProjectRow[]).map(
      toProject,
    );
  }

  get(id: string): Project | undefined {
    const row = this.db.prepare('SELECT * FROM projects WHERE id = ?').get(id) as ProjectRow | undefined;
    return row && toProject(row);
  }

  findByGcpProject(accountId: string, gcpProject: string): Project | undefined {
    const row = this.db
      .prepare('SELECT * FROM projects WHERE account_id = ? AND gcp_project = ?')
      .get(accountId, gcpProject) as ProjectRow | undefined;
    return row && toProject(row);
  }

  /** The account's one project for another provider, if it has one. */
  findForProvider(accountId: string, provider: string): Project | undefined {
    const row = this.db
      .prepare('SELECT * FROM projects WHERE account_id = ? AND provider = ? ORDER BY created_at LIMIT 1')
      .get(accountId, provider) as ProjectRow | undefined;
    return row && toProject(row);
  }

  create(
    accountId: string,
    label: string,
    gcpProject: string | null,
    now = Date.now(),
    provider = 'gemini',
  ): Project {
    const project: Project = { id: newId('prj'), accountId, label, gcpProject, createdAt: now, provider };
    this.db
      .prepare(
        'INSERT INTO projects (id, account_id, label, gcp_project, created_at, provider) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(project.id, accountId, label, gcpProject, now, provider);
    return project;
  }

  /** A project left without keys is dropped with its last key. */
  deleteIfEmpty(id: string): void {
    this.db
      .prepare('DELETE FROM projects WHERE id = ? AND NOT EXISTS (SELECT 1 FROM keys WHERE project_id = ?)')
      .run(id, id);
  }
}
