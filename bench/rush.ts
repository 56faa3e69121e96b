import http from "node:http";
import { randomBytes } from "node:crypto";
import type { RushApplicant } from "./rush-data.ts";
import { percentiles, type Percentiles } from "./stats.ts";

export const DECK_BYTES = 2 * 1024 * 1024;

export interface RushRun extends Percentiles {
  rate: number;
  seconds: number;
  sent: number;
  acknowledged: number;
  errors: number;
  /** Answers that were not the redirect of an accepted submission, by status ("network" when none came). */
  failures: Record<string, number>;
  /** proposal id → the version the server acknowledged */
  acknowledgements: Map<string, number>;
  /** [ms after the first arrival, latency ms] of the 20 slowest: whether the slow ones bunch together. */
  slowest: [number, number][];
}

/** A PDF-looking 2 MB deck: the header and trailer the server checks, random filler in between. */
const filler = randomBytes(DECK_BYTES - 64);

function multipart(applicant: RushApplicant, n: number): { boundary: string; parts: Buffer[] } {
  const boundary = `----passerelle-bench-${n}-${randomBytes(6).toString("hex")}`;
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const text = [
    field("intent", "submit"),
    field("version", String(applicant.version)),
    field("title", `Bench startup ${n}`),
    field("topicId", applicant.topicId),
    field("summaryEn", "A load test of the deadline rush."),
    field("summaryHome", "截止日前的壓力測試。"),
    field("problem", "Thousands of teams submit in the last minutes."),
    field("product", "A proposal form that keeps every submission."),
    field("traction", "Measured, not guessed."),
    field("team", "Three founders."),
    field("wants", "An incubator desk and investor meetings."),
    field("preferredDates", "October"),
    `--${boundary}\r\nContent-Disposition: form-data; name="deck"; filename="deck-${n}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  ].join("");
  const head = Buffer.from(`%PDF-1.7\n% bench deck ${n}\n`.padEnd(48, " "));
  const tail = Buffer.from("\n%%EOF\n".padStart(16, " "));
  return { boundary, parts: [Buffer.from(text), head, filler, tail, Buffer.from(`\r\n--${boundary}--\r\n`)] };
}

/**
 * Open loop: arrivals every 1/rate seconds whatever the server does, each a
 * different signed-in applicant submitting a full proposal with a 2 MB deck in
 * one multipart POST (what the form sends). Latency counts from the planned
 * arrival time, so a stalled server cannot hide its queue.
 */
export async function rush(baseUrl: string, applicants: RushApplicant[], options: { rate: number; seconds: number }): Promise<RushRun> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const total = Math.min(applicants.length, Math.round(options.rate * options.seconds));
  if (total < Math.round(options.rate * options.seconds)) throw new Error(`rush needs ${Math.round(options.rate * options.seconds)} applicants, has ${applicants.length}`);
  const latencies: number[] = [];
  const timeline: [number, number][] = [];
  const failures: Record<string, number> = {};
  const acknowledgements = new Map<string, number>();
  const interval = 1000 / options.rate;
  const start = performance.now() + 50;
  const pending: Promise<void>[] = [];

  const send = (applicant: RushApplicant, n: number, plannedAt: number) =>
    new Promise<void>((resolve) => {
      const { boundary, parts } = multipart(applicant, n);
      const length = parts.reduce((sum, p) => sum + p.length, 0);
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: `/applicant/proposals/${applicant.proposalId}/edit`,
          headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": length, Cookie: applicant.cookie, Origin: url.origin },
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            const location = res.headers.location ?? "";
            const submitted = /[?&]submitted=(\d+)/.exec(location);
            if ((res.statusCode === 302 || res.statusCode === 303) && submitted) {
              latencies.push(performance.now() - plannedAt);
              timeline.push([Math.round(plannedAt - start), Math.round(performance.now() - plannedAt)]);
              acknowledgements.set(applicant.proposalId, Number(submitted[1]));
            } else {
              failures[String(res.statusCode)] = (failures[String(res.statusCode)] ?? 0) + 1;
            }
            resolve();
          });
        },
      );
      req.on("error", () => {
        failures.network = (failures.network ?? 0) + 1;
        resolve();
      });
      for (const part of parts) req.write(part);
      req.end();
    });

  for (let n = 0; n < total; n++) {
    const plannedAt = start + n * interval;
    const wait = plannedAt - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(applicants[n]!, n, plannedAt));
  }
  await Promise.all(pending);
  agent.destroy();
  const errors = Object.values(failures).reduce((a, b) => a + b, 0);
  const slowest = timeline.sort((a, b) => b[1] - a[1]).slice(0, 20);
  return { rate: options.rate, seconds: options.seconds, sent: total, acknowledged: acknowledgements.size, errors, failures, acknowledgements, slowest, ...percentiles(latencies) };
}
