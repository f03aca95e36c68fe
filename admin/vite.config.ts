import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run dev:admin` proxies the API to a running `amends serve` (AMENDS_API, default port 3111).
const api = process.env.AMENDS_API ?? 'http://127.0.0.1:3111';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': api } },
});
