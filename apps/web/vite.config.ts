/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves dist/ at `/`; hashed file names under /assets/ are cached for a year.
export default defineConfig({
  plugins: [react()],
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    // GraphiQL is its own page (GET /graphql from a browser) so the app never downloads it.
    rollupOptions: { input: { main: 'index.html', graphiql: 'graphiql.html' } },
  },
  server: {
    proxy: Object.fromEntries(
      ['/graphql', '/auth', '/api', '/files', '/masks', '/health'].map((p) => [
        p,
        process.env.LABELYARD_URL ?? 'http://127.0.0.1:8080',
      ]),
    ),
  },
  test: { environment: 'jsdom', include: ['src/**/*.test.{ts,tsx}'] },
});
