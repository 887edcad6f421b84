import type { Db, WebSessionTable } from '../db/database.ts';

export type WebSessionRow = WebSessionTable;
export type SessionWithUser = WebSessionRow & { email: string; role: string; name: string; deleted: number };

/** Browser sessions by token hash; the user's current role and status come with every lookup. */
export class WebSessionRepository {
  constructor(private readonly db: Db) {}

  async insert(row: WebSessionRow): Promise<void> {
    await this.db.insertInto('web_sessions').values(row).execute();
  }

  findByTokenHash(tokenHash: string): Promise<SessionWithUser | undefined> {
    return this.db
      .selectFrom('web_sessions')
      .innerJoin('users', 'users.id', 'web_sessions.user_id')
      .selectAll('web_sessions')
      .select(['users.email', 'users.role', 'users.name', 'users.deleted'])
      .where('web_sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  async touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.db
      .updateTable('web_sessions')
      .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
      .where('id', '=', id)
      .execute();
  }

  async deleteByTokenHash(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('web_sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('web_sessions').where('user_id', '=', userId).execute();
  }

  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom('web_sessions').where('expires_at', '<', now).execute();
  }
}
