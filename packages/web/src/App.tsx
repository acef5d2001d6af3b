import type { Me } from '@kindred/contract';
import type { QueryClient } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import { createBrowserRouter, matchRoutes, RouterProvider, type Params, type RouteObject } from 'react-router-dom';
import { AppShell } from './components/app-shell';
import { MemberOrVisitor } from './components/member-or-visitor';
import { RequireAuth } from './components/require-auth';
import { activityQuery, nearbyActivitiesQuery, nearMember } from './data/activities';
import { conversationsQuery } from './data/chat';
import { companionRequestsQuery, myCardQuery, myRequestsQuery } from './data/companions';
import { frontActivitiesFilters, frontGroupsFilters, frontPageCity } from './data/front-page';
import { groupQuery, groupsQuery, myGroupsQuery } from './data/groups';
import { unreadCountQuery } from './data/notifications';
import { feedQuery, groupPostsQuery } from './data/posts';
import { myRoomsQuery } from './data/rooms';
import { sessionQuery } from './data/session';
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

interface FirstDataContext {
  params: Params;
  search: URLSearchParams;
  /** The signed-in, onboarded member once the session is known; null for anyone else. */
  member: Promise<Me | null>;
}

/**
 * The API data a route shows first, as its own queries ask for it. On a full page load it is requested
 * as soon as the app starts, alongside the page's chunk rather than after the page has rendered, and the
 * first render waits for it (main.tsx): the page paints once, with its content, instead of skeletons
 * followed by more renders (and layout shifts) as each answer arrives.
 */
type FirstData = (qc: QueryClient, context: FirstDataContext) => Promise<unknown>[];

/** Data for a signed-in, onboarded member only, asked for once the session shows one. */
const forMember =
  (data: (qc: QueryClient, context: FirstDataContext, me: Me) => Promise<unknown>[]): FirstData =>
  (qc, context) => [context.member.then((me) => me && Promise.all(data(qc, context, me)))];

const firstData = (data: FirstData) => ({ handle: { firstData: data } });

/** The route's `:id`, when it is one the API could know (the page shows "not found" for others). */
function validId(params: Params): number | null {
  const id = Number(params.id);
  return Number.isInteger(id) && id > 0 ? id : null;
}

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
    // A member's unread counts, on the bell and on Companions (direct chats and rooms).
    ...firstData(forMember((qc) => [qc.prefetchQuery(unreadCountQuery), qc.prefetchInfiniteQuery(conversationsQuery), qc.prefetchInfiniteQuery(myRoomsQuery)])),
    children: [
      {
        index: true,
        // Members get their home; anonymous visitors the public front page (what is happening near a city).
        lazy: async () => {
          const [{ HomePage }, { FrontPage }] = await Promise.all([import('./routes/home'), import('./routes/front-page')]);
          return { element: <MemberOrVisitor member={signedIn(<HomePage />)} visitor={<FrontPage />} /> };
        },
        // A member's: the feed, and the aside's activities near me and my groups. A visitor's: the front
        // page's popular activities and groups of the city it shows (its guides follow from the groups).
        ...firstData((qc, { member, search }) => [
          member.then((me) => {
            if (!me) {
              const city = frontPageCity(search);
              return Promise.all([qc.prefetchInfiniteQuery(nearbyActivitiesQuery(frontActivitiesFilters(city))), qc.prefetchInfiniteQuery(groupsQuery(frontGroupsFilters(city.en)))]);
            }
            const near = nearMember(me);
            return Promise.all([
              qc.prefetchInfiniteQuery(feedQuery),
              qc.prefetchInfiniteQuery(myGroupsQuery),
              ...(near ? [qc.prefetchInfiniteQuery(nearbyActivitiesQuery(near))] : []),
            ]);
          }),
        ]),
      },
      { path: 'discover', ...page(() => import('./routes/discover'), 'DiscoverPage') },
      { path: 'search', ...page(() => import('./routes/search'), 'SearchPage') },
      { path: 'groups/new', ...page(() => import('./routes/group-form'), 'CreateGroupPage', signedIn) },
      {
        path: 'groups/:id',
        ...page(() => import('./routes/group'), 'GroupPage'),
        // The posts tab (the default) with its default sort; asked for with the group, not after it.
        ...firstData((qc, { params, search }) => {
          const id = validId(params);
          if (id === null) return [];
          const postsTab = (search.get('tab') ?? 'posts') === 'posts';
          return [qc.prefetchQuery(groupQuery(id)), ...(postsTab ? [qc.prefetchInfiniteQuery(groupPostsQuery(id, 'new', null))] : [])];
        }),
      },
      { path: 'groups/:id/edit', ...page(() => import('./routes/group-form'), 'EditGroupPage', signedIn) },
      { path: 'groups/:id/posts/new', ...page(() => import('./routes/compose-post'), 'ComposePostPage', signedIn) },
      { path: 'posts/:id', ...page(() => import('./routes/post'), 'PostPage') },
      { path: 'posts/:id/edit', ...page(() => import('./routes/compose-post'), 'EditPostPage', signedIn) },
      { path: 'activities', ...page(() => import('./routes/activities'), 'ActivitiesPage') },
      { path: 'activities/new', ...page(() => import('./routes/activity-form'), 'CreateActivityPage', signedIn) },
      {
        path: 'activities/:id',
        ...page(() => import('./routes/activity'), 'ActivityPage'),
        ...firstData((qc, { params }) => {
          const id = validId(params);
          return id === null ? [] : [qc.prefetchQuery(activityQuery(id))];
        }),
      },
      { path: 'activities/:id/edit', ...page(() => import('./routes/activity-form'), 'EditActivityPage', signedIn) },
      { path: 'activities/:id/manage', ...page(() => import('./routes/activity-manage'), 'ActivityManagePage', signedIn) },
      { path: 'series/:id', ...page(() => import('./routes/series'), 'SeriesPage', signedIn) },
      {
        path: 'companions',
        ...page(() => import('./routes/companions'), 'CompanionsLayout', signedIn),
        children: [
          {
            index: true,
            ...page(() => import('./routes/companions'), 'RequestsTab'),
            // My card and requests (shown above the search), and requests near me when unfiltered (filters in
            // the URL are left to the page).
            ...firstData(
              forMember((qc, { search }) => [
                qc.prefetchQuery(myCardQuery),
                qc.prefetchInfiniteQuery(myRequestsQuery),
                ...(search.toString() ? [] : [qc.prefetchInfiniteQuery(companionRequestsQuery({}))]),
              ]),
            ),
          },
          { path: 'people', ...page(() => import('./routes/companions'), 'PeopleTab') },
          { path: 'inbox', ...page(() => import('./routes/companion-inbox'), 'InboxTab') },
          { path: 'chats', ...page(() => import('./routes/chats'), 'ChatsTab') },
          { path: 'card', ...page(() => import('./routes/companion-card'), 'MyCardTab') },
        ],
      },
      { path: 'companions/requests/new', ...page(() => import('./routes/companion-request-form'), 'NewRequestPage', signedIn) },
      { path: 'companions/requests/:id', ...page(() => import('./routes/companion-request'), 'CompanionRequestPage', signedIn) },
      { path: 'companions/chats/:id', ...page(() => import('./routes/chat'), 'ChatPage', signedIn) },
      { path: 'rooms/:id', ...page(() => import('./routes/room'), 'RoomPage', signedIn) },
      {
        path: 'console',
        ...page(() => import('./routes/console'), 'ConsoleLayout', signedIn),
        children: [
          { index: true, ...page(() => import('./routes/console'), 'ConsoleQueuePage') },
          { path: 'members', ...page(() => import('./routes/console'), 'ConsoleMembersPage') },
          { path: 'members/:username', ...page(() => import('./routes/console'), 'ConsoleMembersPage') },
          { path: 'audit', ...page(() => import('./routes/console'), 'ConsoleAuditPage') },
          // Its own chunk: the charting library (uPlot) loads with this page only.
          { path: 'health', ...page(() => import('./routes/console-health'), 'ConsoleHealthPage') },
        ],
      },
      { path: 'me', ...page(() => import('./routes/my-profile'), 'MyProfilePage', signedIn) },
      { path: 'me/activities', ...page(() => import('./routes/my-activities'), 'MyActivitiesPage', signedIn) },
      { path: 'me/organizing', ...page(() => import('./routes/organizing'), 'OrganizingPage', signedIn) },
      { path: 'me/payments', ...page(() => import('./routes/payments'), 'PaymentsPage', signedIn) },
      { path: 'payments/:id/receipt', ...page(() => import('./routes/payments'), 'ReceiptPage', signedIn) },
      { path: 'notifications', ...page(() => import('./routes/notifications'), 'NotificationsPage', signedIn) },
      { path: 'u/:username', ...page(() => import('./routes/user-profile'), 'UserProfilePage') },
      { path: 'u/:username/:list', ...page(() => import('./routes/follow-list'), 'FollowListPage') },
      { path: '*', ...page(() => import('./routes/not-found'), 'NotFoundPage') },
    ],
  },
];

const router = createBrowserRouter(routes);

/** Starts fetching the first data of the routes at `location` (see FirstData); settles once it has all arrived or failed. */
export function fetchFirstData(qc: QueryClient, location: Pick<Location, 'pathname' | 'search'>): Promise<unknown> {
  const search = new URLSearchParams(location.search);
  const member = qc.ensureQueryData(sessionQuery).then(
    (session) => (session.user?.onboarded ? session.user : null),
    () => null,
  );
  const matches = matchRoutes(routes, location) ?? [];
  return Promise.allSettled(
    matches.flatMap(({ route, params }) => (route.handle as { firstData?: FirstData } | undefined)?.firstData?.(qc, { params, search, member }) ?? []),
  );
}

export function App() {
  return <RouterProvider router={router} />;
}
