import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { PageSpinner } from './components/feedback';
import { AppShell } from './components/app-shell';
import { RequireAuth } from './components/require-auth';
import { RouteError } from './routes/route-error';
import { ActivitiesPage } from './routes/activities';
import { ActivityPage } from './routes/activity';
import { ActivityManagePage } from './routes/activity-manage';
import { CreateGroupPage, EditGroupPage } from './routes/group-form';
import { ComposePostPage, EditPostPage } from './routes/compose-post';
import { DiscoverPage } from './routes/discover';
import { GroupPage } from './routes/group';
import { HomePage } from './routes/home';
import { MyActivitiesPage } from './routes/my-activities';
import { MyProfilePage } from './routes/my-profile';
import { NotFoundPage } from './routes/not-found';
import { NotificationsPage } from './routes/notifications';
import { OnboardingPage } from './routes/onboarding';
import { PostPage } from './routes/post';
import { SearchPage } from './routes/search';
import { SignInPage } from './routes/sign-in';
import { SignUpPage } from './routes/sign-up';
import { UserProfilePage } from './routes/user-profile';

// The activity form carries luxon (time zones); it loads when first opened.
const CreateActivityPage = lazy(() => import('./routes/activity-form').then((m) => ({ default: m.CreateActivityPage })));
const EditActivityPage = lazy(() => import('./routes/activity-form').then((m) => ({ default: m.EditActivityPage })));

// Companions (search, forms, chat) load when the section is first opened.
const CompanionsLayout = lazy(() => import('./routes/companions').then((m) => ({ default: m.CompanionsLayout })));
const RequestsTab = lazy(() => import('./routes/companions').then((m) => ({ default: m.RequestsTab })));
const PeopleTab = lazy(() => import('./routes/companions').then((m) => ({ default: m.PeopleTab })));
const InboxTab = lazy(() => import('./routes/companion-inbox').then((m) => ({ default: m.InboxTab })));
const ChatsTab = lazy(() => import('./routes/chats').then((m) => ({ default: m.ChatsTab })));
const MyCardTab = lazy(() => import('./routes/companion-card').then((m) => ({ default: m.MyCardTab })));
const NewRequestPage = lazy(() => import('./routes/companion-request-form').then((m) => ({ default: m.NewRequestPage })));
const CompanionRequestPage = lazy(() => import('./routes/companion-request').then((m) => ({ default: m.CompanionRequestPage })));
const ChatPage = lazy(() => import('./routes/chat').then((m) => ({ default: m.ChatPage })));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<PageSpinner />}>{children}</Suspense>;
}

const router = createBrowserRouter([
  { path: '/signin', element: <SignInPage />, errorElement: <RouteError /> },
  { path: '/signup', element: <SignUpPage />, errorElement: <RouteError /> },
  {
    path: '/onboarding',
    element: (
      <RequireAuth allowUnonboarded>
        <OnboardingPage />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
  },
  {
    element: <AppShell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <RequireAuth><HomePage /></RequireAuth> },
      { path: 'discover', element: <DiscoverPage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'groups/new', element: <RequireAuth><CreateGroupPage /></RequireAuth> },
      { path: 'groups/:id', element: <GroupPage /> },
      { path: 'groups/:id/edit', element: <RequireAuth><EditGroupPage /></RequireAuth> },
      { path: 'groups/:id/posts/new', element: <RequireAuth><ComposePostPage /></RequireAuth> },
      { path: 'posts/:id', element: <PostPage /> },
      { path: 'posts/:id/edit', element: <RequireAuth><EditPostPage /></RequireAuth> },
      { path: 'activities', element: <ActivitiesPage /> },
      { path: 'activities/new', element: <RequireAuth><Lazy><CreateActivityPage /></Lazy></RequireAuth> },
      { path: 'activities/:id', element: <ActivityPage /> },
      { path: 'activities/:id/edit', element: <RequireAuth><Lazy><EditActivityPage /></Lazy></RequireAuth> },
      { path: 'activities/:id/manage', element: <RequireAuth><ActivityManagePage /></RequireAuth> },
      {
        path: 'companions',
        element: <RequireAuth><Lazy><CompanionsLayout /></Lazy></RequireAuth>,
        children: [
          { index: true, element: <Lazy><RequestsTab /></Lazy> },
          { path: 'people', element: <Lazy><PeopleTab /></Lazy> },
          { path: 'inbox', element: <Lazy><InboxTab /></Lazy> },
          { path: 'chats', element: <Lazy><ChatsTab /></Lazy> },
          { path: 'card', element: <Lazy><MyCardTab /></Lazy> },
        ],
      },
      { path: 'companions/requests/new', element: <RequireAuth><Lazy><NewRequestPage /></Lazy></RequireAuth> },
      { path: 'companions/requests/:id', element: <RequireAuth><Lazy><CompanionRequestPage /></Lazy></RequireAuth> },
      { path: 'companions/chats/:id', element: <RequireAuth><Lazy><ChatPage /></Lazy></RequireAuth> },
      { path: 'me', element: <RequireAuth><MyProfilePage /></RequireAuth> },
      { path: 'me/activities', element: <RequireAuth><MyActivitiesPage /></RequireAuth> },
      { path: 'notifications', element: <RequireAuth><NotificationsPage /></RequireAuth> },
      { path: 'u/:username', element: <UserProfilePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
