// A static server for a built hromada site, on 127.0.0.1 only, as a simple host would be:
// `/path/` serves `/path/index.html`, a missing file gets `/404.html` with status 404, and
// text is gzip-compressed when the browser accepts it (so transfer sizes are real).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".ics": "text/calendar; charset=utf-8",
  ".geojson": "application/geo+json",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
};
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|xml|geo\+json)|image\/svg)/;

async function resolve(root, pathname) {
  let rel;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const file = normalize(join(root, rel));
  if (file !== root && !file.startsWith(root + sep)) return null;
  try {
    const s = await stat(file);
    if (s.isDirectory()) {
      const index = join(file, "index.html");
      await stat(index);
      return index;
    }
    return file;
  } catch {
    return null;
  }
}

/** Serves `root`; resolves to { origin, close() }. */
export function serve(root, port = 0) {
  root = normalize(root).replace(/[\\/]+$/, "");
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    let file = await resolve(root, url.pathname);
    let status = 200;
    if (!file) {
      status = 404;
      file = join(root, "404.html");
    }
    let body;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    const type = TYPES[extname(file)] || "application/octet-stream";
    const headers = { "content-type": type, "cache-control": "no-cache" };
    if (COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      body = gzipSync(body, { level: 9 });
      headers["content-encoding"] = "gzip";
      headers["vary"] = "accept-encoding";
    }
    headers["content-length"] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      const { port } = server.address();
      ok({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

// `node serve.mjs DIR [PORT]`: serve a built site by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = "public", port = "8000"] = process.argv.slice(2);
  const { origin } = await serve(dir, Number(port));
  console.log(`serving ${dir} at ${origin}/`);
}
