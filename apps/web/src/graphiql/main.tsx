// GraphiQL for the Labelbox-compatible API, bundled from the npm package (no CDN): GET /graphql in a browser.
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { explorerFetcher } from './explorer-fetcher.ts';

let csrf: Promise<string | null> | undefined;
const csrfToken = () =>
  (csrf ??= fetch('/auth/session', { credentials: 'same-origin' })
    .then(async (r) => (r.ok ? ((await r.json()) as { csrfToken: string }).csrfToken : null))
    .catch(() => null));

const DEFAULT_QUERY = `# Signed in to the web app? Queries run as you.
# Otherwise paste a key in Headers: {"Authorization": "Bearer <API key>"}
query Me {
  user {
    email
    organization {
      name
    }
  }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={explorerFetcher('/graphql', csrfToken)} defaultQuery={DEFAULT_QUERY} />
  </StrictMode>,
);
