/**
 * Benchmark 3 of issue 7: the ranking page, one request at a time.
 *
 * Latency is measured by the client, from sending the request to the last
 * byte of the body, on loopback: an upper bound of the server's own time
 * that includes rendering, compression and streaming the whole page.
 */
import http from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { percentiles } from "./stats.ts";

export interface RankingMeasure {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  rowsShown: number;
}

const WARM_UP = 5;

export async function measureRanking(baseUrl: string, cookie: string, path: string, opts: { requests?: number; expectedRows?: number } = {}): Promise<RankingMeasure> {
  const requests = opts.requests ?? 200;
  const expectedRows = opts.expectedRows ?? 2000;
  // One kept-alive connection, as a browser tab would have.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const url = new URL(path, baseUrl);
    const check = (html: string) => {
      const rows = countRows(html);
      if (rows !== expectedRows || !html.trimEnd().endsWith("</html>")) throw new Error(`${path} answered a page with ${rows} ranking rows, expected ${expectedRows}`);
      return rows;
    };
    for (let i = 0; i < WARM_UP; i++) check((await get(url, cookie, agent)).html);
    const latencies: number[] = [];
    let rowsShown = 0;
    for (let i = 0; i < requests; i++) {
      const { ms, html } = await get(url, cookie, agent);
      latencies.push(ms);
      // Checked after the clock stopped: decoding is the client's work.
      rowsShown = check(html);
    }
    const { p50, p95, p99 } = percentiles(latencies);
    return { requests, p50, p95, p99, rowsShown };
  } finally {
    agent.destroy();
  }
}

/** Rows of the ranking table: each carries its proposal's id. */
export function countRows(html: string): number {
  const table = html.indexOf('data-testid="ranking"');
  if (table < 0) return 0;
  const body = html.slice(html.indexOf("<tbody", table), html.indexOf("</tbody>", table));
  return body.match(/<tr[^>]*\sdata-proposal="/g)?.length ?? 0;
}


/** GET with a browser's Accept-Encoding; the clock stops at the body's last byte. */
function get(url: URL, cookie: string, agent: http.Agent): Promise<{ ms: number; html: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { agent, headers: { cookie, "accept-encoding": "gzip, deflate, br", accept: "text/html" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) return reject(new Error(`GET ${url.pathname} answered ${res.statusCode}`));
        resolve({ ms, html: decode(Buffer.concat(chunks), res.headers["content-encoding"]) });
      });
    });
    req.on("error", reject);
  });
}

function decode(raw: Buffer, encoding: string | undefined): string {
  if (encoding === "br") return brotliDecompressSync(raw).toString("utf8");
  if (encoding === "gzip") return gunzipSync(raw).toString("utf8");
  if (encoding === "deflate") return inflateSync(raw).toString("utf8");
  return raw.toString("utf8");
}
