import { Link } from 'react-router';
import { useMutation } from '../../api/hooks.ts';
import { usePermissions } from '../../auth/session-context.tsx';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage } from '../../components/Feedback.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Page, Section } from '../../components/Page.tsx';
import {
  ArchiveFeatureMutation,
  UnarchiveFeatureMutation,
  type OntologyDetailQuery,
} from './ontologies.generated.ts';

type Ontology = NonNullable<OntologyDetailQuery['ontology']>;
type Node = {
  name?: unknown;
  tool?: unknown;
  type?: unknown;
  color?: unknown;
  hotkey?: unknown;
  featureSchemaId?: unknown;
  classifications?: unknown;
  options?: unknown;
  label?: unknown;
};

const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** An ontology as it is stored: its features (archive / unarchive) and the projects that use it. */
export function OntologyOverview({
  ontology,
  onChanged,
  onCopy,
}: {
  ontology: Ontology;
  onChanged: () => void;
  onCopy: () => void;
}) {
  const can = usePermissions();
  const [archive, archiving] = useMutation(ArchiveFeatureMutation);
  const [unarchive, unarchiving] = useMutation(UnarchiveFeatureMutation);
  const normalized = (ontology.normalized ?? {}) as { tools?: unknown; classifications?: unknown };
  const archived = (ontology.archived ?? {}) as { tools?: unknown; classifications?: unknown };
  const roots = [...list(normalized.tools), ...list(normalized.classifications)];
  const archivedRoots = [...list(archived.tools), ...list(archived.classifications)];
  const act = (
    run: (v: { ontologyId: string; featureSchemaId: string }) => Promise<unknown>,
    featureSchemaId: string,
  ) => void run({ ontologyId: ontology.id, featureSchemaId }).then(onChanged, () => undefined);
  return (
    <Page
      title={ontology.name}
      actions={can.manageCatalog ? <Button onClick={onCopy}>Copy into a new ontology</Button> : null}
    >
      <p>
        <Link to="/ontologies">Back to ontologies</Link> · {ontology.mediaType ?? 'any media'} · updated{' '}
        {formatDateTime(ontology.updatedAt)}
      </p>
      <ErrorMessage error={archiving.error ?? unarchiving.error} />
      <Section title="Features">
        <ul className="ly-plain-list" aria-label="Features">
          {roots.map((n) => (
            <li key={text(n.featureSchemaId)} className="ly-node">
              <div className="ly-node__row">
                {n.color ? (
                  <span className="ly-swatch" style={{ background: text(n.color) }} aria-hidden="true" />
                ) : null}
                <strong>{text(n.name)}</strong>
                <span className="ly-muted">{text(n.tool) || text(n.type)}</span>
                {n.hotkey ? <span className="ly-badge">key {text(n.hotkey)}</span> : null}
                {can.manageCatalog ? (
                  <Button
                    onClick={() => act(archive, text(n.featureSchemaId))}
                    aria-label={`Archive ${text(n.name)}`}
                  >
                    Archive
                  </Button>
                ) : null}
              </div>
              <NestedTree nodes={[...list(n.classifications), ...list(n.options)]} />
            </li>
          ))}
        </ul>
      </Section>
      {archivedRoots.length > 0 ? (
        <Section title="Archived features">
          <ul className="ly-plain-list" aria-label="Archived features">
            {archivedRoots.map((n) => (
              <li key={text(n.featureSchemaId)} className="ly-node__row">
                <strong>{text(n.name)}</strong>
                {can.manageCatalog ? (
                  <Button
                    onClick={() => act(unarchive, text(n.featureSchemaId))}
                    aria-label={`Unarchive ${text(n.name)}`}
                  >
                    Unarchive
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Section title="Used by projects">
        {ontology.projects.length === 0 ? (
          <p className="ly-muted">No project uses this ontology yet.</p>
        ) : null}
        <ul className="ly-plain-list">
          {ontology.projects.map((p) => (
            <li key={p.id}>
              <Link to={`/projects/${p.id}`}>{p.name}</Link>
            </li>
          ))}
        </ul>
      </Section>
    </Page>
  );
}

function NestedTree({ nodes }: { nodes: Node[] }) {
  if (nodes.length === 0) return null;
  return (
    <ul className="ly-tree">
      {nodes.map((n, i) => (
        <li key={i}>
          {text(n.name) || text(n.label)} <span className="ly-muted">{text(n.type)}</span>
          <NestedTree nodes={[...list(n.classifications), ...list(n.options)]} />
        </li>
      ))}
    </ul>
  );
}
