import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the amends package, found from this file whether it runs from src/ or a bundle in dist/. */
export function packageRoot(from = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'amends') return dir;
  }
  throw new Error('cannot find the amends package folder');
}

/**
 * Serves the built React console at /admin, with the single-page fallback to index.html.
 * When the console was not built, /admin says how to build it instead of failing obscurely.
 */
export async function registerConsole(app: FastifyInstance, distDir: string): Promise<void> {
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/admin/'));
  app.get('/admin', { schema: { hide: true } }, (_req, reply) => reply.redirect('/admin/'));
  if (!existsSync(join(distDir, 'index.html'))) {
    app.get('/admin/*', { schema: { hide: true } }, (_req, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console has not been built. Run `npm run build:admin` (npm start does it for you).'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/admin/',
    // Asset routes are fixed at start: restart the server after rebuilding the console.
    wildcard: false,
    cacheControl: false,
    index: ['index.html'],
    setHeaders: (res, path) => {
      res.setHeader(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.get('/admin/*', { schema: { hide: true } }, (_req, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html'),
  );
}
