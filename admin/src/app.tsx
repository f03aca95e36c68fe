import { lazy, Suspense } from 'react';
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider, useLocation } from 'react-router-dom';
import { CasesPage, CasesTab } from './cases/board.tsx';
import { CaseLink, CasePage } from './cases/case-page.tsx';
import { Shell } from './components/layout.tsx';
import { Loading } from './components/status.tsx';
import { ActionsTab } from './incident/actions-tab.tsx';
import { AuditTab } from './incident/audit-tab.tsx';
import { CommitmentsTab } from './incident/commitments-tab.tsx';
import { LeadershipTab } from './incident/leadership-tab.tsx';
import { OverviewTab } from './incident/overview-tab.tsx';
import { RootCausesTab } from './incident/root-causes-tab.tsx';
import { Workspace } from './incident/workspace.tsx';
import { InboxPage, InboxTab } from './listening/inbox.tsx';
import { ThemesPage, ThemesTab } from './listening/themes.tsx';
import { IncidentList } from './pages/incident-list.tsx';
import { NotFound } from './pages/not-found.tsx';
import { OrgPicker } from './pages/org-picker.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { StatementsTab } from './statement/statements-tab.tsx';
import { SurveysPage } from './surveys/surveys-list.tsx';

/**
 * A page loaded when first opened, in a chunk of its own, with the app's loading notice meanwhile:
 * the statement editor (the Markdown renderer and the checker's views), the measures (charts), the
 * survey builder and results, and mentions. The first bundle stays small for everyone else.
 */
function lazyPage(what: string, load: () => Promise<ComponentType>): ComponentType {
  const Page = lazy(async () => ({ default: await load() }));
  return function LazyPage() {
    return (
      <Suspense fallback={<Loading what={what} />}>
        <Page />
      </Suspense>
    );
  };
}

const StatementPage = lazyPage(
  'Opening the editor',
  async () => (await import('./statement/statement-page.tsx')).StatementPage,
);
const MeasuresPage = lazyPage(
  'Measuring',
  async () => (await import('./measures/measures.tsx')).MeasuresPage,
);
const MeasuresTab = lazyPage('Measuring', async () => (await import('./measures/measures.tsx')).MeasuresTab);
const SurveyBuilder = lazyPage(
  'Opening the builder',
  async () => (await import('./surveys/builder.tsx')).SurveyBuilder,
);
const SurveyPage = lazyPage(
  'Loading the survey',
  async () => (await import('./surveys/survey-page.tsx')).SurveyPage,
);
const MentionsPage = lazyPage(
  'Loading mentions',
  async () => (await import('./mentions/mentions.tsx')).MentionsPage,
);

/** Signed-in pages only; anyone else goes to sign-in and comes back afterwards. */
function RequireSession() {
  const { session, error } = useSession();
  const location = useLocation();
  if (error) {
    return (
      <main id="main" className="narrow">
        <div className="error-summary" role="alert">
          <p className="error-title">The console cannot reach the server</p>
          <p>{error}</p>
        </div>
      </main>
    );
  }
  if (session === undefined) return <Loading what="Checking your session" />;
  if (session === null) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignIn /> },
    {
      element: <RequireSession />,
      children: [
        {
          element: <Shell />,
          children: [
            { index: true, element: <OrgPicker /> },
            { path: 'orgs/:org', element: <Navigate to="incidents" replace /> },
            { path: 'orgs/:org/incidents', element: <IncidentList /> },
            { path: 'orgs/:org/settings', element: <SettingsPage /> },
            { path: 'orgs/:org/feedback', element: <InboxPage /> },
            { path: 'orgs/:org/feedback/themes', element: <ThemesPage /> },
            { path: 'orgs/:org/measures', element: <MeasuresPage /> },
            { path: 'orgs/:org/mentions', element: <MentionsPage /> },
            { path: 'orgs/:org/cases', element: <CasesPage /> },
            { path: 'orgs/:org/cases/:id', element: <CasePage /> },
            { path: 'cases/:id', element: <CaseLink /> },
            { path: 'orgs/:org/surveys', element: <SurveysPage /> },
            { path: 'orgs/:org/surveys/new', element: <SurveyBuilder /> },
            { path: 'orgs/:org/surveys/:id', element: <SurveyPage /> },
            {
              path: 'orgs/:org/incidents/:incident',
              element: <Workspace />,
              children: [
                { index: true, element: <OverviewTab /> },
                { path: 'root-causes', element: <RootCausesTab /> },
                { path: 'actions', element: <ActionsTab /> },
                { path: 'commitments', element: <CommitmentsTab /> },
                { path: 'statements', element: <StatementsTab /> },
                { path: 'statements/new', element: <StatementPage /> },
                { path: 'statements/:statement', element: <StatementPage /> },
                { path: 'leadership', element: <LeadershipTab /> },
                { path: 'feedback', element: <InboxTab /> },
                { path: 'feedback/themes', element: <ThemesTab /> },
                { path: 'measures', element: <MeasuresTab /> },
                { path: 'cases', element: <CasesTab /> },
                { path: 'audit', element: <AuditTab /> },
              ],
            },
            { path: '*', element: <NotFound /> },
          ],
        },
      ],
    },
  ],
  { basename: '/admin' },
);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
