/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

// ECharts' tooltip component (`TooltipComponent` of 'echarts/components'), imported on its own so
// that it can be fetched apart: the package ships no declaration beside the file.
declare module 'echarts/lib/component/tooltip/install.js' {
  import type { use } from 'echarts/core';
  export const install: Parameters<typeof use>[0];
}
