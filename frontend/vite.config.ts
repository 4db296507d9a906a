import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Go server (`kizuki serve`) listens here during development.
const backend = process.env.KIZUKI_DEV_BACKEND ?? 'http://127.0.0.1:8080';

// The server only accepts cookie-carrying writes and WebSocket upgrades from
// its own Origin, so the dev proxy presents the backend's origin instead of
// the Vite dev server's.
const proxyTo = {
  target: backend,
  changeOrigin: true,
  headers: { origin: backend },
};

export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    // dist/.gitkeep is committed so the Go embed compiles in a fresh clone;
    // `npm run build` removes only the previous outputs instead.
    emptyOutDir: false,
    // A module preload polyfill would be an inline script, which the CSP forbids.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/api': proxyTo,
      '/healthz': proxyTo,
      '/ws': { ...proxyTo, ws: true },
    },
  },
});
