import type { ComponentType } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { Loading } from '../components/Feedback.tsx';
import { AcceptInvitationPage } from '../features/account/AcceptInvitationPage.tsx';
import { SignInPage } from '../features/account/SignInPage.tsx';
import { Layout } from './Layout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequireSession } from './RequireSession.tsx';

/**
 * Each page is its own chunk: the sign-in page does not download the ontology editor. The router loads it before
 * rendering the route (route `lazy`), rather than React.lazy under Suspense: React holds a Suspense boundary's
 * content back until 300 ms after its fallback was shown, so every page's first load waited about 300 ms for a chunk
 * that arrives in tens. On the first load the chunk downloads while the session is checked.
 */
function page(load: () => Promise<{ default: ComponentType }>): Pick<RouteObject, 'lazy'> {
  return { lazy: async () => ({ Component: (await load()).default }) };
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
    // Shown until the first page's chunk has loaded.
    hydrateFallbackElement: <Loading />,
    children: [
      { index: true, element: <Navigate to="/projects" replace /> },
      { path: '/projects', ...page(() => import('../features/projects/ProjectsPage.tsx')) },
      { path: '/projects/:projectId', ...page(() => import('../features/projects/ProjectPage.tsx')) },
      // The labeling and review editors (features/labeling) mount here.
      {
        path: '/projects/:projectId/label',
        ...page(() => import('../features/labeling/LabelPage.tsx')),
      },
      {
        path: '/projects/:projectId/review',
        ...page(() => import('../features/labeling/ReviewPage.tsx')),
      },
      { path: '/datasets', ...page(() => import('../features/datasets/DatasetsPage.tsx')) },
      { path: '/datasets/:datasetId', ...page(() => import('../features/datasets/DatasetPage.tsx')) },
      {
        path: '/datasets/:datasetId/rows/:dataRowId',
        ...page(() => import('../features/datasets/DataRowPage.tsx')),
      },
      { path: '/ontologies', ...page(() => import('../features/ontologies/OntologiesPage.tsx')) },
      {
        path: '/ontologies/new',
        ...page(() => import('../features/ontologies/OntologyEditorPage.tsx')),
      },
      {
        path: '/ontologies/:ontologyId',
        ...page(() => import('../features/ontologies/OntologyEditorPage.tsx')),
      },
      { path: '/members', ...page(() => import('../features/members/MembersPage.tsx')) },
      { path: '/account', ...page(() => import('../features/account/AccountPage.tsx')) },
      { path: '/webhooks', ...page(() => import('../features/webhooks/WebhooksPage.tsx')) },
      { path: '/models', ...page(() => import('../features/models/ModelsPage.tsx')) },
      {
        path: '/models/runs/:runId',
        ...page(() => import('../features/models/ModelRunPage.tsx')),
      },
      { path: '/api-docs', ...page(() => import('../features/account/ApiDocsPage.tsx')) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
