import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from '../../api/hooks.ts';
import { usePermissions } from '../../auth/session-context.tsx';
import { Button } from '../../components/Button.tsx';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { Page, Section } from '../../components/Page.tsx';
import { ClassificationEditor } from './ClassificationEditor.tsx';
import { OntologyOverview } from './OntologyOverview.tsx';
import { OntologyDetailQuery, SaveOntologyMutation } from './ontologies.generated.ts';
import {
  classificationFromJson,
  draftFromNormalized,
  draftProblems,
  draftToNormalized,
  emptyDraft,
  newClassification,
  newTool,
  toolFromJson,
  type OntologyDraft,
} from './ontology-draft.ts';
import { ReuseFeatureDialog } from './ReuseFeatureDialog.tsx';
import { ToolEditor } from './ToolEditor.tsx';

const MEDIA_TYPES = ['IMAGE', 'TEXT', 'VIDEO', 'AUDIO', 'PDF', 'CONVERSATIONAL', 'TMS_GEO', 'HTML'].map(
  (v) => ({
    value: v,
    label: v,
  }),
);

/** `/ontologies/new` builds one; `/ontologies/:id` shows one (archive, used by) and can copy it into a new draft. */
export default function OntologyEditorPage() {
  const { ontologyId } = useParams();
  const existing = useQuery(OntologyDetailQuery, { id: ontologyId ?? '' }, { skip: !ontologyId });
  const [copy, setCopy] = useState<OntologyDraft | null>(null);
  if (!ontologyId) return <OntologyBuilder initial={emptyDraft()} title="New ontology" />;
  if (copy) return <OntologyBuilder initial={copy} title="New ontology from a copy" />;
  if (existing.loading && !existing.data) return <Loading />;
  const o = existing.data?.ontology;
  if (!o) return <ErrorMessage error={existing.error ?? 'This ontology does not exist'} />;
  return (
    <OntologyOverview
      ontology={o}
      onChanged={existing.refetch}
      onCopy={() => setCopy({ ...draftFromNormalized(`${o.name} (copy)`, o.mediaType, o.normalized) })}
    />
  );
}

function OntologyBuilder({ initial, title }: { initial: OntologyDraft; title: string }) {
  const [draft, setDraft] = useState(initial);
  const [reusing, setReusing] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const [save, saving] = useMutation(SaveOntologyMutation);
  const can = usePermissions();
  const navigate = useNavigate();
  const problems = draftProblems(draft);
  const submit = async () => {
    setShowProblems(true);
    if (problems.length > 0) return;
    const result = await save({
      data: {
        name: draft.name.trim(),
        mediaType: draft.mediaType as never,
        normalized: draftToNormalized(draft),
      },
    }).catch(() => null);
    if (result) void navigate(`/ontologies/${result.upsertOntology.id}`);
  };
  return (
    <Page
      title={title}
      actions={
        can.manageCatalog ? (
          <Button variant="primary" busy={saving.running} onClick={() => void submit()}>
            Save ontology
          </Button>
        ) : null
      }
    >
      <p>
        <Link to="/ontologies">Back to ontologies</Link>
      </p>
      <div className="ly-toolbar">
        <TextField
          label="Ontology name"
          value={draft.name}
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
        <SelectField
          label="Media type"
          value={draft.mediaType}
          options={MEDIA_TYPES}
          onChange={(e) => setDraft({ ...draft, mediaType: e.target.value })}
        />
        <Button onClick={() => setReusing(true)}>Reuse existing feature</Button>
      </div>
      {showProblems && problems.length > 0 ? (
        <div className="ly-alert ly-alert--error" role="alert">
          <p>Fix these before saving:</p>
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorMessage error={saving.error} />
      <Section
        title="Tools"
        actions={
          <Button
            onClick={() => setDraft({ ...draft, tools: [...draft.tools, newTool(draft.tools.length)] })}
          >
            Add tool
          </Button>
        }
      >
        <ul className="ly-plain-list" aria-label="Tools">
          {draft.tools.map((t) => (
            <ToolEditor
              key={t.key}
              value={t}
              onChange={(next) =>
                setDraft({
                  ...draft,
                  tools: next
                    ? draft.tools.map((x) => (x.key === t.key ? next : x))
                    : draft.tools.filter((x) => x.key !== t.key),
                })
              }
            />
          ))}
        </ul>
      </Section>
      <Section
        title="Classifications"
        actions={
          <Button
            onClick={() =>
              setDraft({ ...draft, classifications: [...draft.classifications, newClassification()] })
            }
          >
            Add global classification
          </Button>
        }
      >
        <ul className="ly-plain-list" aria-label="Global classifications">
          {draft.classifications.map((c) => (
            <ClassificationEditor
              key={c.key}
              value={c}
              path="global"
              perMessage={draft.mediaType === 'CONVERSATIONAL'}
              onChange={(next) =>
                setDraft({
                  ...draft,
                  classifications: next
                    ? draft.classifications.map((x) => (x.key === c.key ? next : x))
                    : draft.classifications.filter((x) => x.key !== c.key),
                })
              }
            />
          ))}
        </ul>
      </Section>
      <ReuseFeatureDialog
        open={reusing}
        onClose={() => setReusing(false)}
        onPick={(f) => {
          const json = (f.normalized ?? {}) as Record<string, unknown>;
          if (f.kind === 'tool')
            setDraft({ ...draft, tools: [...draft.tools, toolFromJson(json, draft.tools.length)] });
          else
            setDraft({ ...draft, classifications: [...draft.classifications, classificationFromJson(json)] });
          setReusing(false);
        }}
      />
    </Page>
  );
}
