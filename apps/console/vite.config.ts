import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defaultClientConditions, defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The API's top-level paths the dev server hands to the API (`npm run dev:console`). */
const API_PATHS = [
  'auth',
  'tasks',
  'matters',
  'meetings',
  'action-items',
  'notifications',
  'decisions',
  'inspections',
  'rectifications',
  'special-groups',
  'plans',
  'key-points',
  'units',
  'evaluations',
  'exemplars',
  'scoreboard',
  'audit',
  'admin',
  'health',
  'instructions',
  'urgings',
  'files',
  'docs',
  'docs-json',
];

/**
 * The console: built into dist/console and served by the API at /console/. Element Plus
 * components (and their CSS) are imported where a template uses them, and each screen is its
 * own chunk, so the first screen loads only what it shows.
 */
export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  // `#api-client` (package.json "imports") from its TypeScript source, as every other tool reads it.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  define: { __VUE_OPTIONS_API__: false, __VUE_PROD_DEVTOOLS__: false, __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: Number(process.env.CONSOLE_DEV_PORT ?? 5173),
    proxy: Object.fromEntries(
      API_PATHS.map((p) => [`/${p}`, { target: process.env.API_URL ?? 'http://127.0.0.1:3000', changeOrigin: false }]),
    ),
  },
});
