import { createContext, useContext, type ReactNode } from 'react';
import type { GraphQLClient } from './client.ts';

const ApiContext = createContext<GraphQLClient | null>(null);

export function ApiProvider({ client, children }: { client: GraphQLClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): GraphQLClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi needs an <ApiProvider>');
  return client;
}
