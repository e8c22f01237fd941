// Finds a session by id under any key: the admin API and capability URLs (live views, media) carry no key.
import { parseUuid } from '../contract/pydantic.js';
import type { Project, ProjectStore } from '../store/projects.js';
import type { SessionRecord } from './model.js';

export interface FoundSession {
  project: Project;
  session: SessionRecord;
}

/** A live (not deleted) session, by its id in any form pydantic accepts for a UUID. */
export function findSessionAnywhere(projects: ProjectStore, id: string): FoundSession | undefined {
  const parsed = parseUuid(id.trim());
  const wanted = parsed.ok ? parsed.value : id;
  for (const project of projects.values()) {
    const session = project.sessions.get(wanted);
    if (session && !session.deleted) return { project, session };
  }
  return undefined;
}
