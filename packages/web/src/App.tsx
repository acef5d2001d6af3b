import { createBrowserRouter, RouterProvider } from 'react-router-dom';
import { AppShell } from './components/app-shell';
import { RequireAuth } from './components/require-auth';
import { RouteError } from './routes/route-error';
import { CreateGroupPage, EditGroupPage } from './routes/group-form';
import { ComposePostPage, EditPostPage } from './routes/compose-post';
import { DiscoverPage } from './routes/discover';
import { GroupPage } from './routes/group';
import { HomePage } from './routes/home';
import { MyProfilePage } from './routes/my-profile';
import { NotFoundPage } from './routes/not-found';
import { OnboardingPage } from './routes/onboarding';
import { PostPage } from './routes/post';
import { SearchPage } from './routes/search';
import { SignInPage } from './routes/sign-in';
import { SignUpPage } from './routes/sign-up';
import { UserProfilePage } from './routes/user-profile';

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
      { path: 'me', element: <RequireAuth><MyProfilePage /></RequireAuth> },
      { path: 'u/:username', element: <UserProfilePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
