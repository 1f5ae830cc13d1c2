import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, type SignInSettings } from '../api';
import { isExpired, readToken, type SessionUser } from '../lib/token';

const TOKEN_KEY = 'reform-console.token';

/**
 * Who is signed in: the bearer token and what it says. Kept in localStorage so a link opened
 * from a DingTalk message in a new tab finds the person signed in.
 */
export const useSession = defineStore('session', () => {
  const token = ref<string | null>(localStorage.getItem(TOKEN_KEY));
  const user = computed<SessionUser | null>(() => (token.value ? readToken(token.value) : null));
  const settings = ref<SignInSettings | null>(null);

  const signedIn = computed(() => user.value !== null && !isExpired(user.value, Date.now()));

  function signIn(newToken: string): SessionUser | null {
    const claims = readToken(newToken);
    if (!claims) return null;
    token.value = newToken;
    localStorage.setItem(TOKEN_KEY, newToken);
    return claims;
  }

  function signOut(): void {
    token.value = null;
    localStorage.removeItem(TOKEN_KEY);
  }

  function hasRole(...roles: string[]): boolean {
    return roles.some((r) => user.value?.roles.includes(r));
  }

  /** How this server signs people in (asked once). */
  async function loadSettings(): Promise<SignInSettings> {
    settings.value ??= await api.signInSettings();
    return settings.value;
  }

  return { token, user, settings, signedIn, signIn, signOut, hasRole, loadSettings };
});
