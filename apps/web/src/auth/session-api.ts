import type { GraphQLClient, Transport } from '../api/client.ts';

export type RoleKey = 'ADMIN' | 'TEAM_MANAGER' | 'REVIEWER' | 'LABELER' | 'NONE';

/** The signed-in user as `/auth/session` reports it. */
export type Session = {
  user: { id: string; email: string; name: string; role: RoleKey };
  organization: { id: string; name: string };
  csrfToken: string;
};

export type SignInResult = { ok: true; session: Session } | { ok: false; message: string };

async function readSession(response: Response): Promise<SignInResult> {
  const body = (await response.json().catch(() => ({}))) as Partial<Session> & { message?: string };
  if (response.ok && body.user && body.csrfToken) return { ok: true, session: body as Session };
  const fallback =
    response.status === 429 ? 'Too many attempts: wait a minute' : `Failed (${response.status})`;
  return { ok: false, message: body.message ?? fallback };
}

/** The session endpoints (cookie-based); everything else goes through GraphQL. */
export class SessionApi {
  constructor(
    private readonly transport: Transport,
    private readonly client: GraphQLClient,
  ) {}

  async current(): Promise<Session | null> {
    const response = await this.transport('/auth/session', { credentials: 'same-origin' });
    if (response.status === 401) return null;
    const body = (await response
      .clone()
      .json()
      .catch(() => undefined)) as { user?: unknown } | undefined;
    if (response.ok && body?.user === null) return null;
    const result = await readSession(response);
    if (!result.ok) throw new Error(result.message);
    return result.session;
  }

  async signIn(email: string, password: string): Promise<SignInResult> {
    return this.post('/auth/sign-in', { email, password });
  }

  async acceptInvitation(token: string, name: string, password: string): Promise<SignInResult> {
    return this.post('/auth/invitations/accept', { token, name, password });
  }

  async invitation(token: string): Promise<{ email: string; organizationName: string } | null> {
    const response = await this.transport(`/auth/invitations/${encodeURIComponent(token)}`, {
      credentials: 'same-origin',
    });
    if (!response.ok) return null;
    return (await response.json()) as { email: string; organizationName: string };
  }

  async signOut(): Promise<void> {
    await this.transport('/auth/sign-out', {
      method: 'POST',
      credentials: 'same-origin',
      headers: this.client.headers(),
    });
  }

  private async post(url: string, body: unknown): Promise<SignInResult> {
    const response = await this.transport(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return readSession(response);
  }
}
