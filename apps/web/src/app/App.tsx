import { useMemo } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiProvider } from '../api/api-context.tsx';
import { GraphQLClient, type Transport } from '../api/client.ts';
import { SessionApi } from '../auth/session-api.ts';
import { SessionProvider } from '../auth/session-context.tsx';
import { routes } from './routes.tsx';

/** The web app: one GraphQL client and session for the whole tree, then the router. */
export function App({ transport }: { transport: Transport }) {
  const client = useMemo(() => new GraphQLClient(transport), [transport]);
  const sessionApi = useMemo(() => new SessionApi(transport, client), [transport, client]);
  const router = useMemo(() => createBrowserRouter(routes), []);
  return (
    <ApiProvider client={client}>
      <SessionProvider api={sessionApi} client={client}>
        <RouterProvider router={router} />
      </SessionProvider>
    </ApiProvider>
  );
}
