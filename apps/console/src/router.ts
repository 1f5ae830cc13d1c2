import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import { useSession } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown without signing in (the sign-in pages). */
    public?: boolean;
    /** The menu entry's message key. */
    menu?: string;
    /** The roles the menu entry is shown to (everyone when absent); the API still decides what each may read. */
    roles?: string[];
  }
}

/** Each screen is its own chunk: the first screen loads only itself. */
export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/', name: 'inbox', component: () => import('./views/InboxView.vue'), meta: { menu: 'menu.inbox' } },
    { path: '/matters/:id', name: 'matter', component: () => import('./views/MatterView.vue') },
    { path: '/cockpit', name: 'cockpit', component: () => import('./views/CockpitView.vue'), meta: { menu: 'menu.cockpit' } },
    { path: '/tasks', name: 'tasks', component: () => import('./views/LedgerView.vue'), meta: { menu: 'menu.tasks' } },
    { path: '/tasks/:id', name: 'task', component: () => import('./views/TaskView.vue') },
    { path: '/scoreboard', name: 'scoreboard', component: () => import('./views/ScoreboardView.vue'), meta: { menu: 'menu.scoreboard' } },
    {
      path: '/inspections',
      name: 'inspections',
      component: () => import('./views/InspectionsView.vue'),
      meta: { menu: 'menu.inspections' },
    },
    { path: '/meetings', name: 'meetings', component: () => import('./views/MeetingsView.vue'), meta: { menu: 'menu.meetings' } },
    { path: '/meetings/:id', name: 'meeting', component: () => import('./views/MeetingView.vue') },
    {
      path: '/supervision',
      name: 'supervision',
      component: () => import('./views/SupervisionView.vue'),
      meta: { menu: 'menu.supervision', roles: ['reform_office', 'leader'] },
    },
    { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { menu: 'menu.audit', roles: ['admin'] } },
    { path: '/admin', name: 'admin', component: () => import('./views/AdminView.vue'), meta: { menu: 'menu.admin', roles: ['admin'] } },
    { path: '/dev-login', name: 'dev-login', component: () => import('./views/DevLoginView.vue'), meta: { public: true } },
    { path: '/signin', name: 'signin', component: () => import('./views/SignInView.vue'), meta: { public: true } },
    {
      path: '/signin-callback',
      name: 'signin-callback',
      component: () => import('./views/SignInCallbackView.vue'),
      meta: { public: true },
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
  scrollBehavior: (to) => (to.hash ? { el: to.hash } : { top: 0 }),
});

/** Where to sign in, coming back to `back` afterwards. */
export async function signInRoute(back: string, expired: boolean) {
  const session = useSession();
  const settings = await session.loadSettings().catch(() => null);
  return { name: settings?.oidc ? 'signin' : 'dev-login', query: { redirect: back, ...(expired ? { expired: '1' } : {}) } };
}

router.beforeEach(async (to: RouteLocationNormalized) => {
  if (to.meta.public) return true;
  const session = useSession();
  if (session.signedIn) return true;
  const expired = session.token !== null;
  session.signOut();
  return signInRoute(to.fullPath, expired);
});
