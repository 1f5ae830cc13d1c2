import { createPinia } from 'pinia';
import { createApp } from 'vue';
import 'element-plus/theme-chalk/base.css';
import App from './App.vue';
import { configureHttp } from './api/http';
import { i18n, restoreLocale } from './i18n';
import { router, signInRoute } from './router';
import { useSession } from './stores/session';
import './style.css';

const app = createApp(App).use(createPinia()).use(i18n).use(router);
const session = useSession();
configureHttp({
  token: () => session.token,
  // A token the API no longer takes (expired, revoked): sign in again and come back here.
  unauthorized: () => {
    const back = router.currentRoute.value.fullPath;
    if (router.currentRoute.value.meta.public) return;
    session.signOut();
    void signInRoute(back, true).then((to) => router.replace(to));
  },
});
void restoreLocale().then(() => app.mount('#app'));
