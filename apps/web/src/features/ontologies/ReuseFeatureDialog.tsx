import { useState } from 'react';
import { useQuery } from '../../api/hooks.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorMessage, Loading } from '../../components/Feedback.tsx';
import { TextField } from '../../components/Field.tsx';
import { ReusableFeaturesQuery } from './ontologies.generated.ts';

type Feature = ReusableFeaturesQuery['rootSchemaNodes']['nodes'][number];

/** Pick existing feature schemas (tools or classifications) to reuse in the ontology being built. */
export function ReuseFeatureDialog({
  open,
  onClose,
  onPick,
}: {
  open: boolean;
  onClose: () => void;
  onPick: (feature: Feature) => void;
}) {
  const [search, setSearch] = useState('');
  const { data, error, loading } = useQuery(
    ReusableFeaturesQuery,
    { search: search || null },
    { skip: !open },
  );
  return (
    <Dialog title="Reuse a feature schema" open={open} onClose={onClose}>
      <TextField
        label="Search features"
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <ErrorMessage error={error} />
      {loading ? <Loading /> : null}
      <ul className="ly-plain-list" aria-label="Feature schemas">
        {(data?.rootSchemaNodes.nodes ?? []).map((f) => (
          <li key={f.featureSchemaId} className="ly-node__row">
            <span>
              <strong>{f.name}</strong> <span className="ly-muted">({f.kind})</span>
            </span>
            <Button onClick={() => onPick(f)} aria-label={`Reuse ${f.kind} ${f.name}`}>
              Add
            </Button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
