import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { Loading } from '../components/Feedback.tsx';
import { AcceptInvitationPage } from '../features/account/AcceptInvitationPage.tsx';
import { SignInPage } from '../features/account/SignInPage.tsx';
import { Layout } from './Layout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequireSession } from './RequireSession.tsx';

/** Each page is its own chunk: the sign-in page does not download the ontology editor. */
function page(load: () => Promise<{ default: ComponentType }>) {
  const Component = lazy(load);
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

export const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/invitations/:token', element: <AcceptInvitationPage /> },
  {
    element: (
      <RequireSession>
        <Layout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/projects" replace /> },
      { path: '/projects', element: page(() => import('../features/projects/ProjectsPage.tsx')) },
      { path: '/projects/:projectId', element: page(() => import('../features/projects/ProjectPage.tsx')) },
      // The labeling and review editors (features/labeling) mount here.
      {
        path: '/projects/:projectId/label',
        element: page(() => import('../features/labeling/LabelPage.tsx')),
      },
      {
        path: '/projects/:projectId/review',
        element: page(() => import('../features/labeling/ReviewPage.tsx')),
      },
      { path: '/datasets', element: page(() => import('../features/datasets/DatasetsPage.tsx')) },
      { path: '/datasets/:datasetId', element: page(() => import('../features/datasets/DatasetPage.tsx')) },
      {
        path: '/datasets/:datasetId/rows/:dataRowId',
        element: page(() => import('../features/datasets/DataRowPage.tsx')),
      },
      { path: '/ontologies', element: page(() => import('../features/ontologies/OntologiesPage.tsx')) },
      {
        path: '/ontologies/new',
        element: page(() => import('../features/ontologies/OntologyEditorPage.tsx')),
      },
      {
        path: '/ontologies/:ontologyId',
        element: page(() => import('../features/ontologies/OntologyEditorPage.tsx')),
      },
      { path: '/members', element: page(() => import('../features/members/MembersPage.tsx')) },
      { path: '/account', element: page(() => import('../features/account/AccountPage.tsx')) },
      { path: '/webhooks', element: page(() => import('../features/webhooks/WebhooksPage.tsx')) },
      { path: '/models', element: page(() => import('../features/models/ModelsPage.tsx')) },
      {
        path: '/models/runs/:runId',
        element: page(() => import('../features/models/ModelRunPage.tsx')),
      },
      { path: '/api-docs', element: page(() => import('../features/account/ApiDocsPage.tsx')) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
