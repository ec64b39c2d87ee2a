import { readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { startHttpService, text, type HttpService } from './http-service';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves the files under `root` (e.g. out/renderer) on a free loopback port: GET/HEAD only, "/" → index.html,
 * nothing outside `root`. Requests are recorded like any fake service's, so a test can see what the page loaded.
 */
export async function serveDirectory(root: string): Promise<HttpService> {
  const base = resolve(root);
  return startHttpService(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed\n');
    const file = await resolveFile(base, req.path);
    if (!file) return text(res, 404, 'not found\n');
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
}

async function resolveFile(base: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const candidate = resolve(join(base, decoded.endsWith('/') ? `${decoded}index.html` : decoded));
  const inside = relative(base, candidate);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) return undefined;
  try {
    return (await stat(candidate)).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}
