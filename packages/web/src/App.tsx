import type { ComponentType, ReactNode } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router-dom';
import { AppShell } from './components/app-shell';
import { RequireAuth } from './components/require-auth';
import { RouteError } from './routes/route-error';

/**
 * Every page is a chunk of its own. The router starts fetching the chunk of the page being opened
 * as soon as it is created, alongside the language strings and the session, and keeps the current
 * page on screen while the next one's chunk arrives.
 */
function page<M>(load: () => Promise<M>, name: keyof M, wrap: (node: ReactNode) => ReactNode = (node) => node): Pick<RouteObject, 'lazy'> {
  return {
    lazy: async () => {
      const Page = (await load())[name] as ComponentType;
      return { element: wrap(<Page />) };
    },
  };
}

/** A page for signed-in, onboarded members only. */
const signedIn = (node: ReactNode) => <RequireAuth>{node}</RequireAuth>;

const routes: RouteObject[] = [
  { path: '/signin', ...page(() => import('./routes/sign-in'), 'SignInPage'), errorElement: <RouteError /> },
  { path: '/signup', ...page(() => import('./routes/sign-up'), 'SignUpPage'), errorElement: <RouteError /> },
  {
    path: '/onboarding',
    ...page(() => import('./routes/onboarding'), 'OnboardingPage', (node) => <RequireAuth allowUnonboarded>{node}</RequireAuth>),
    errorElement: <RouteError />,
  },
  {
    element: <AppShell />,
    errorElement: <RouteError />,
    children: [
      { index: true, ...page(() => import('./routes/home'), 'HomePage', signedIn) },
      { path: 'discover', ...page(() => import('./routes/discover'), 'DiscoverPage') },
      { path: 'search', ...page(() => import('./routes/search'), 'SearchPage') },
      { path: 'groups/new', ...page(() => import('./routes/group-form'), 'CreateGroupPage', signedIn) },
      { path: 'groups/:id', ...page(() => import('./routes/group'), 'GroupPage') },
      { path: 'groups/:id/edit', ...page(() => import('./routes/group-form'), 'EditGroupPage', signedIn) },
      { path: 'groups/:id/posts/new', ...page(() => import('./routes/compose-post'), 'ComposePostPage', signedIn) },
      { path: 'posts/:id', ...page(() => import('./routes/post'), 'PostPage') },
      { path: 'posts/:id/edit', ...page(() => import('./routes/compose-post'), 'EditPostPage', signedIn) },
      { path: 'activities', ...page(() => import('./routes/activities'), 'ActivitiesPage') },
      { path: 'activities/new', ...page(() => import('./routes/activity-form'), 'CreateActivityPage', signedIn) },
      { path: 'activities/:id', ...page(() => import('./routes/activity'), 'ActivityPage') },
      { path: 'activities/:id/edit', ...page(() => import('./routes/activity-form'), 'EditActivityPage', signedIn) },
      { path: 'activities/:id/manage', ...page(() => import('./routes/activity-manage'), 'ActivityManagePage', signedIn) },
      {
        path: 'companions',
        ...page(() => import('./routes/companions'), 'CompanionsLayout', signedIn),
        children: [
          { index: true, ...page(() => import('./routes/companions'), 'RequestsTab') },
          { path: 'people', ...page(() => import('./routes/companions'), 'PeopleTab') },
          { path: 'inbox', ...page(() => import('./routes/companion-inbox'), 'InboxTab') },
          { path: 'chats', ...page(() => import('./routes/chats'), 'ChatsTab') },
          { path: 'card', ...page(() => import('./routes/companion-card'), 'MyCardTab') },
        ],
      },
      { path: 'companions/requests/new', ...page(() => import('./routes/companion-request-form'), 'NewRequestPage', signedIn) },
      { path: 'companions/requests/:id', ...page(() => import('./routes/companion-request'), 'CompanionRequestPage', signedIn) },
      { path: 'companions/chats/:id', ...page(() => import('./routes/chat'), 'ChatPage', signedIn) },
      { path: 'me', ...page(() => import('./routes/my-profile'), 'MyProfilePage', signedIn) },
      { path: 'me/activities', ...page(() => import('./routes/my-activities'), 'MyActivitiesPage', signedIn) },
      { path: 'notifications', ...page(() => import('./routes/notifications'), 'NotificationsPage', signedIn) },
      { path: 'u/:username', ...page(() => import('./routes/user-profile'), 'UserProfilePage') },
      { path: '*', ...page(() => import('./routes/not-found'), 'NotFoundPage') },
    ],
  },
];

const router = createBrowserRouter(routes);

export function App() {
  return <RouterProvider router={router} />;
}
