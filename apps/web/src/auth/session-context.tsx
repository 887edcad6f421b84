import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { GraphQLClient } from '../api/client.ts';
import type { RoleKey, Session, SessionApi, SignInResult } from './session-api.ts';

type SessionState = {
  session: Session | null;
  /** True until the first /auth/session answer. */
  loading: boolean;
  signIn: (email: string, password: string) => Promise<SignInResult>;
  acceptInvitation: (token: string, name: string, password: string) => Promise<SignInResult>;
  signOut: () => Promise<void>;
  api: SessionApi;
};

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({
  api,
  client,
  children,
}: {
  api: SessionApi;
  client: GraphQLClient;
  children: ReactNode;
}) {
  const [session, setSessionState] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const setSession = useCallback(
    (next: Session | null) => {
      client.setCsrfToken(next?.csrfToken ?? null);
      setSessionState(next);
    },
    [client],
  );
  useEffect(() => {
    api
      .current()
      .then(setSession)
      .catch(() => setSession(null))
      .finally(() => setLoading(false));
  }, [api, setSession]);
  const value = useMemo<SessionState>(
    () => ({
      session,
      loading,
      api,
      signIn: async (email, password) => {
        const result = await api.signIn(email, password);
        if (result.ok) setSession(result.session);
        return result;
      },
      acceptInvitation: async (token, name, password) => {
        const result = await api.acceptInvitation(token, name, password);
        if (result.ok) setSession(result.session);
        return result;
      },
      signOut: async () => {
        await api.signOut();
        setSession(null);
      },
    }),
    [session, loading, api, setSession],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a <SessionProvider>');
  return value;
}

/** What the signed-in user's organization role lets the UI offer (the server checks again). */
export function permissionsOf(role: RoleKey | undefined) {
  const manager = role === 'ADMIN' || role === 'TEAM_MANAGER';
  return {
    manageMembers: manager,
    manageCatalog: manager,
    manageProjects: manager,
    review: manager || role === 'REVIEWER',
    label: role !== undefined,
    /** The Model tab: organization roles read models and runs; project-based users (NONE) do not. */
    viewModels: role !== undefined && role !== 'NONE',
    admin: role === 'ADMIN',
  };
}

export function usePermissions() {
  return permissionsOf(useSession().session?.user.role);
}

const ROLE_KEYS: readonly string[] = ['ADMIN', 'TEAM_MANAGER', 'REVIEWER', 'LABELER', 'NONE'];

/**
 * What the caller may do inside one project, from the server's `Project.viewerRole`: a project-based user (org
 * role NONE) works there with their project role, so a project reviewer gets the review queue and the charts.
 */
export function projectPermissions(viewerRole: string) {
  return permissionsOf(ROLE_KEYS.includes(viewerRole) ? (viewerRole as RoleKey) : 'NONE');
}
