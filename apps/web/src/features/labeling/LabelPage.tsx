import { Link, useParams } from 'react-router';
import { Page } from '../../components/Page.tsx';

/** Where the label editor (packages/editor, issue 9) mounts; until then it says so and links back. */
export default function LabelPage() {
  const { projectId = '' } = useParams();
  return (
    <Page title="Label">
      <p>
        The label editor opens here. <Link to={`/projects/${projectId}`}>Back to the project</Link>
      </p>
    </Page>
  );
}
