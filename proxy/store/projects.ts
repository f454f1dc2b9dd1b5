import type { Db } from './database.js';
import { newId } from '../util/ids.js';

/** A Google Cloud project: the unit Gemini's quotas apply to. A key added alone gets its own. */
export interface Project {
  id: string;
  accountId: string;
  label: string;
  gcpProject: string | null;
  createdAt: number;
}

interface ProjectRow {
  id: string;
  account_id: string;
  label: string;
  gcp_project: string | null;
  created_at: number;
}

const toProject = (row: ProjectRow): Project => ({
  id: row.id,
  accountId: row.account_id,
  label: row.label,
  gcpProject: row.gcp_project,
  createdAt: row.created_at,
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

  create(accountId: string, label: string, gcpProject: string | null, now = Date.now()): Project {
    const project: Project = { id: newId('prj'), accountId, label, gcpProject, createdAt: now };
    this.db
      .prepare('INSERT INTO projects (id, account_id, label, gcp_project, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(project.id, accountId, label, gcpProject, now);
    return project;
  }

  /** A project left without keys is dropped with its last key. */
  deleteIfEmpty(id: string): void {
    this.db
      .prepare('DELETE FROM projects WHERE id = ? AND NOT EXISTS (SELECT 1 FROM keys WHERE project_id = ?)')
      .run(id, id);
  }
}
