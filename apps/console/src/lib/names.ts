import { ref } from 'vue';
import { api } from '../api';

/** Names of special groups and units by code, loaded once for every screen that shows codes. */
const groups = ref<Record<string, string>>({});
const units = ref<Record<string, string>>({});
let loading: Promise<void> | null = null;

export function useNames() {
  loading ??= Promise.all([api.specialGroups().catch(() => null), api.units().catch(() => null)]).then(([g, u]) => {
    groups.value = Object.fromEntries((g?.items ?? []).map((x) => [x.code, x.name]));
    units.value = Object.fromEntries((u?.items ?? []).map((x) => [x.code, x.name]));
  });
  return {
    ready: loading,
    groups,
    units,
    group: (code: string | null | undefined) => (code ? (groups.value[code] ?? code) : ''),
    unit: (code: string | null | undefined) => (code ? (units.value[code] ?? code) : ''),
  };
}
