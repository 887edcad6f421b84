import { NavLink, Outlet, useNavigate, useNavigation } from 'react-router';
import { usePermissions, useSession } from '../auth/session-context.tsx';
import { Button } from '../components/Button.tsx';
import { Loading } from '../components/Feedback.tsx';

/** The frame of every signed-in page: main navigation, who is signed in, sign out. */
export function Layout() {
  const { session, signOut } = useSession();
  const can = usePermissions();
  const navigate = useNavigate();
  // A page's chunk loads before the page replaces the one shown (routes.tsx): say so meanwhile.
  const loadingPage = useNavigation().state === 'loading';
  const links: Array<{ to: string; label: string; show: boolean }> = [
    { to: '/projects', label: 'Projects', show: true },
    { to: '/datasets', label: 'Datasets', show: can.manageCatalog },
    { to: '/ontologies', label: 'Ontologies', show: can.manageCatalog },
    { to: '/members', label: 'Members', show: can.manageMembers },
    { to: '/models', label: 'Models', show: can.viewModels },
    { to: '/webhooks', label: 'Webhooks', show: can.manageProjects },
    { to: '/account', label: 'Account & API keys', show: true },
    { to: '/api-docs', label: 'API docs', show: true },
  ];
  return (
    <div className="ly-shell">
      <a className="ly-skip" href="#main">
        Skip to content
      </a>
      <header className="ly-topbar">
        <span className="ly-brand">Labelyard</span>
        {loadingPage && (
          <div className="ly-page-loading">
            <Loading label="Loading page" />
          </div>
        )}
        <span className="ly-topbar__org">{session?.organization.name}</span>
        <span className="ly-topbar__user">{session?.user.email}</span>
        <Button
          variant="ghost"
          onClick={() => {
            void signOut().then(() => navigate('/sign-in'));
          }}
        >
          Sign out
        </Button>
      </header>
      <nav className="ly-nav" aria-label="Main">
        <ul>
          {links
            .filter((l) => l.show)
            .map((l) => (
              <li key={l.to}>
                <NavLink to={l.to}>{l.label}</NavLink>
              </li>
            ))}
        </ul>
      </nav>
      <main id="main" className="ly-main" tabIndex={-1} aria-busy={loadingPage}>
        <Outlet />
      </main>
    </div>
  );
}
