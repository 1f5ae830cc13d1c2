import { onMounted, ref, watch, type Ref } from 'vue';
import { useCommand, useLoad } from './command';

/**
 * The records one part of a screen lists (a subject's 批示, a task's 催办单) with the commands on them:
 * read (in the reverse of the order the API lists them) when the part opens and whenever `subject` names
 * another, read again after each command that succeeded, and then `changed` tells the screen.
 */
export function useRecords<T>(subject: () => string, read: () => Promise<{ items: T[] }>, changed: () => void) {
  const items = ref([]) as Ref<T[]>;
  const { problem, load } = useLoad(async () => {
    items.value = (await read()).items.reverse();
  });
  const command = useCommand(async () => {
    await load();
    changed();
  });
  watch(subject, load);
  onMounted(load);
  return { items, loadProblem: problem, command, ...command };
}
