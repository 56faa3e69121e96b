import { createHash } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createPublicPageCache, withScriptHashes } from "./public-page-cache.ts";

const sha = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;

describe("withScriptHashes", () => {
  it("swaps the nonce for the hashes of the inline scripts, leaving external scripts to 'self'", () => {
    const html = `<script nonce="abc">window.__a = 1;</script><script type="module" nonce="abc" src="/assets/x.js"></script><script nonce="abc">import("/assets/y.js");\n</script>`;
    const policy = "default-src 'self'; script-src 'self' 'nonce-abc'; frame-ancestors 'none'";
    expect(withScriptHashes(policy, html)).toBe(`default-src 'self'; script-src 'self' ${sha("window.__a = 1;")} ${sha('import("/assets/y.js");\n')}; frame-ancestors 'none'`);
  });
});

/** A fake app: counts renders, echoes the language it was asked for and sets a nonce. */
function fakeApp() {
  let renders = 0;
  let hold: Promise<void> | null = null;
  const render = async (request: Request) => {
    renders++;
    if (hold) await hold;
    const nonce = `n${renders}`;
    const html = `<html><body>${request.headers.get("accept-language")} ${renders}<script nonce="${nonce}">run(${renders})</script></body></html>`;
    const headers = new Headers({ "content-type": "text/html; charset=utf-8", "content-security-policy": `script-src 'self' 'nonce-${nonce}'` });
    if (new URL(request.url).pathname === "/programs/sets-cookie") headers.set("set-cookie", "x=1");
    return new Response(html, { status: new URL(request.url).pathname === "/programs/missing" ? 404 : 200, headers });
  };
  return {
    render,
    get renders() {
      return renders;
    },
    holdRenders() {
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
  };
}

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function serve(app: ReturnType<typeof fakeApp>, clock: { t: number }) {
  const cache = createPublicPageCache(app.render, { baseUrl: "http://localhost", now: () => clock.t });
  const fallthrough: string[] = [];
  const server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    if (cache.handle(req, res)) return;
    fallthrough.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => res.end("app"));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { cache, base, fallthrough };
}

describe("public page cache", () => {
  it("renders a public page once per second per language and serves the same bytes, gzipped when asked", async () => {
    const app = fakeApp();
    const clock = { t: 0 };
    const { base } = await serve(app, clock);
    const fr = { "accept-language": "fr" };
    const first = await fetch(`${base}/programs/x`, { headers: fr });
    const second = await fetch(`${base}/programs/x`, { headers: { ...fr, "accept-encoding": "identity" } });
    expect(app.renders).toBe(1);
    expect(await first.text()).toBe(await second.text());
    expect(second.headers.get("content-security-policy")).toBe(`script-src 'self' ${sha("run(1)")}`);

    const zipped = await new Promise<Buffer>((resolve) =>
      http.get(`${base}/programs/x`, { headers: { ...fr, "accept-encoding": "gzip" } }, (res) => {
        expect(res.headers["content-encoding"]).toBe("gzip");
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks)));
      }),
    );
    expect(gunzipSync(zipped).toString()).toContain("fr 1");

    await fetch(`${base}/programs/x`, { headers: { "accept-language": "zh-TW" } });
    expect(app.renders).toBe(2);
    clock.t = 1000;
    expect(await (await fetch(`${base}/programs/x`, { headers: fr })).text()).toContain("fr 3");
  });

  it("leaves signed-in visitors, queries, other paths and writes to the app", async () => {
    const app = fakeApp();
    const { base, fallthrough } = await serve(app, { t: 0 });
    await fetch(`${base}/programs/x`, { headers: { cookie: "passerelle_lng=fr; passerelle_session=abc" } });
    await fetch(`${base}/programs/x?lng=fr`);
    await fetch(`${base}/programs/x/timeline`);
    await fetch(`${base}/programs/x.data`);
    await fetch(`${base}/sign-in`, { method: "POST", body: "a=1" });
    expect(fallthrough).toEqual(["GET /programs/x", "GET /programs/x?lng=fr", "GET /programs/x/timeline", "GET /programs/x.data", "POST /sign-in"]);
    expect(app.renders).toBe(0);
  });

  it("keeps neither errors nor pages that set a cookie", async () => {
    const app = fakeApp();
    const { base, cache } = await serve(app, { t: 0 });
    expect((await fetch(`${base}/programs/missing`)).status).toBe(404);
    await fetch(`${base}/programs/sets-cookie`);
    expect(cache.size).toBe(0);
  });

  it("forgets every page on a write, and does not keep a page rendered while a write was made", async () => {
    const app = fakeApp();
    const { base, cache } = await serve(app, { t: 0 });
    await fetch(`${base}/programs/x`);
    expect(cache.size).toBe(1);
    await fetch(`${base}/coordinate/x/hosting`, { method: "POST", body: "a=1" });
    expect(cache.size).toBe(0);

    const release = app.holdRenders();
    const slow = fetch(`${base}/programs/x`);
    await new Promise((r) => setTimeout(r, 20));
    await fetch(`${base}/coordinate/x/hosting`, { method: "POST", body: "a=1" });
    release();
    expect((await slow).status).toBe(200);
    expect(cache.size).toBe(0);
    await fetch(`${base}/programs/x`);
    expect(app.renders).toBe(3);
  });
});
