import { Page, Section } from '../../components/Page.tsx';
import { RestReference } from './RestReference.tsx';

const origin = typeof window === 'undefined' ? 'http://127.0.0.1:8080' : window.location.origin;

/** Where the APIs are and how to call them; keys are made on the Account page. */
export default function ApiDocsPage() {
  return (
    <Page title="API docs">
      <Section title="GraphQL (Labelbox-compatible)">
        <p>
          Endpoint <code>{origin}/graphql</code> with <code>Authorization: Bearer &lt;API key&gt;</code>. The
          Labelbox Python SDK works unchanged:{' '}
          <code>Client(api_key=KEY, endpoint=&quot;{origin}/graphql&quot;)</code>. The schema is committed as{' '}
          <code>api/schema.graphql</code>.
        </p>
        <p>
          <a href="/graphql">Open GraphiQL</a>: the API explorer, signed in as you (or paste a key in its
          Headers tab).
        </p>
        <pre className="ly-text-row">{`curl -s ${origin}/graphql \\
  -H "Authorization: Bearer $LABELYARD_KEY" -H "Content-Type: application/json" \\
  -d '{"query":"{ user { email organization { name } } }"}'`}</pre>
      </Section>
      <Section title="REST reference (OpenAPI)">
        <p>
          The Label Studio face (<code>/api/…</code>, used by the Label Studio SDKs with a personal access
          token from the Account page) and the Labelbox REST calls (<code>/api/v1/…</code>), described in{' '}
          <a href="/openapi.json">openapi.json</a> (committed as <code>api/openapi.json</code>).
        </p>
        <RestReference />
      </Section>
      <Section title="REST">
        <p>
          Standard-format exports stream from{' '}
          <code>GET {origin}/api/v1/projects/&lt;id&gt;/exports/&lt;format&gt;</code> (coco, yolo, voc, conll,
          masks), with the same key.
        </p>
        <pre className="ly-text-row">{`curl -s -H "Authorization: Bearer $LABELYARD_KEY" -o coco.json \\
  ${origin}/api/v1/projects/$PROJECT_ID/exports/coco`}</pre>
      </Section>
    </Page>
  );
}
