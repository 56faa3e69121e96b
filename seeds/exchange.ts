import type { DB } from "../db/client.ts";
import type { Actor } from "../app/services/workflow-engine.server.ts";
import { dispatchApplication, type EffectEnv } from "../app/services/workflows.server.ts";
import { CHECKLIST_ITEMS } from "../app/lib/checklist.ts";

type CityId = "taichung" | "toulouse";

/** What the pre-departure checklist of a seeded team says, by city and team position. */
const CHECKLIST_VALUES: Record<CityId, { passport: string; arrival: string; dietary: string | null; accessibility: string | null }[]> = {
  taichung: [
    { passport: "CHEN, YI-TING / LIN, CHIH-WEI", arrival: "Arrive TLS on the Sunday before, 18:40 via CDG; leave Saturday morning.", dietary: "One vegetarian", accessibility: null },
    { passport: "HUANG, PO-HSUN", arrival: "Arrive Saturday evening by train from Paris; flexible departure.", dietary: null, accessibility: null },
  ],
  toulouse: [
    { passport: "DURAND, Léa / MOREAU, Hugo", arrival: "Arrive TPE on the Sunday before, 07:15, then HSR to Taichung; leave Friday night.", dietary: "No pork (one member)", accessibility: null },
    { passport: "LEFÈVRE, Inès", arrival: "Arrive Monday morning; prefers not to travel on Sunday.", dietary: null, accessibility: "Step-free access to meeting rooms" },
  ],
};

/** Realistic outcome figures of the seeded teams (the 2018 visit reported dozens of meetings and a few MoUs). */
const REPORTS: Record<CityId, { meetingsHeld: number; leads: number; partnerships: number; mous: number; investmentEur: number; followUps: number; satisfaction: number; nextSteps: string; testimonial: string }[]> = {
  taichung: [
    { meetingsHeld: 14, leads: 6, partnerships: 2, mous: 1, investmentEur: 150000, followUps: 5, satisfaction: 5, nextSteps: "Pilot of the LPWAN sensors with Toulouse Métropole in spring; second visit to IoT Valley.", testimonial: "The matchmaking at IoT Valley opened doors we could not have opened alone." },
    { meetingsHeld: 9, leads: 4, partnerships: 1, mous: 0, investmentEur: 0, followUps: 3, satisfaction: 4, nextSteps: "Follow up with two aerospace suppliers met at Le Village by CA.", testimonial: "Well organised, dense programme." },
  ],
  toulouse: [
    { meetingsHeld: 12, leads: 5, partnerships: 1, mous: 1, investmentEur: 80000, followUps: 4, satisfaction: 5, nextSteps: "Joint application with a Taichung machinery maker to the smart-manufacturing fund.", testimonial: "Taichung's industrial base is a perfect test bed for our AI." },
    { meetingsHeld: 8, leads: 3, partnerships: 0, mous: 0, investmentEur: 25000, followUps: 2, satisfaction: 3, nextSteps: "Translate the product into Traditional Chinese before a second trip.", testimonial: "Useful, but a week is short." },
  ],
};

interface ExchangeSeed {
  programId: string;
  env: EffectEnv;
  reached: (stage: "preDeparture" | "exchange" | "reporting" | "closed") => boolean;
  window: (city: CityId, key: string) => { start: string; end: string };
  plus: (iso: string, hours: number) => string;
  coordinator: (city: CityId) => Actor;
  teams: Record<CityId, { id: string; owner: string }[]>;
}

/**
 * After the itineraries: the pre-departure meetings, then the confirmed teams
 * through the exchange (checklist done → ready → travelling → report due),
 * their reports and the results meetings, each dated inside its window.
 */
export async function seedExchange(trx: DB, s: ExchangeSeed): Promise<void> {
  if (!s.reached("preDeparture")) return;
  for (const city of ["taichung", "toulouse"] as const) {
    const pre = s.window(city, "preDeparture");
    await trx
      .insertInto("pre_departure_meetings")
      .values({
        program_id: s.programId,
        city_id: city,
        starts_at: s.plus(pre.start, 24 * 9 + 14),
        place: city === "taichung" ? "臺中市政府經濟發展局, 臺灣大道三段99號" : "Toulouse Métropole, 6 rue René Leduc",
        video_url: city === "taichung" ? "https://meet.example.org/taichung-predeparture" : null,
        agenda: "1. The itinerary day by day\n2. Matchmaking meetings and what to prepare\n3. Practical living: lodging, transport, money, SIM cards\n4. Questions",
        updated_at: s.plus(pre.start, 24),
      })
      .execute();
  }
  if (!s.reached("exchange")) return;
  const confirmed = await trx.selectFrom("proposals").select(["id", "city_id", "team_id"]).where("program_id", "=", s.programId).where("state", "=", "confirmed").execute();
  const travelling = confirmed.map((p) => {
    const city = p.city_id as CityId;
    const index = s.teams[city].findIndex((t) => t.id === p.team_id);
    const owner = s.teams[city][index]!.owner;
    return { id: p.id, city, index: Math.max(0, index) % 2, actor: { userId: owner, label: "applicant" } as Actor };
  });
  for (const p of travelling) {
    const pre = s.window(p.city, "preDeparture");
    const filledAt = s.plus(pre.start, 24 * 12);
    const values = CHECKLIST_VALUES[p.city][p.index]!;
    for (const item of CHECKLIST_ITEMS) {
      const value = item === "passport" ? values.passport : item === "arrival" ? values.arrival : item === "dietary" ? values.dietary : item === "accessibility" ? values.accessibility : item === "insurance" ? "Annual travel policy, medical cover 100,000 EUR" : "Flights booked";
      const status = (item === "dietary" || item === "accessibility") && !value ? "na" : "done";
      await trx.insertInto("checklist_items").values({ proposal_id: p.id, item, status, value, updated_at: filledAt }).execute();
    }
    await dispatchApplication(trx, s.env, { proposalId: p.id, event: { type: "CHECKLIST_COMPLETE", at: filledAt }, actor: p.actor });
    // Each team travels to the partner city: its exchange starts with the host's window.
    const host: CityId = p.city === "taichung" ? "toulouse" : "taichung";
    await dispatchApplication(trx, s.env, { proposalId: p.id, event: { type: "TRAVEL_STARTS", at: s.window(host, "exchange").start }, actor: p.actor });
  }
  if (!s.reached("reporting")) return;
  for (const p of travelling) {
    const host: CityId = p.city === "taichung" ? "toulouse" : "taichung";
    await dispatchApplication(trx, s.env, { proposalId: p.id, event: { type: "EXCHANGE_ENDS", at: s.window(host, "exchange").end }, actor: s.coordinator(p.city) });
  }
  if (!s.reached("closed")) return;
  for (const p of travelling) {
    const r = REPORTS[p.city][p.index]!;
    const at = s.plus(s.window(p.city, "reporting").start, 24 * (7 + p.index * 3));
    await dispatchApplication(trx, s.env, { proposalId: p.id, event: { type: "SUBMIT_REPORT", at }, actor: p.actor });
    await trx
      .insertInto("team_reports")
      .values({ proposal_id: p.id, program_id: s.programId, city_id: p.city, meetings_held: r.meetingsHeld, leads: r.leads, partnerships: r.partnerships, mous: r.mous, investment_eur: r.investmentEur, follow_ups: r.followUps, next_steps: r.nextSteps, satisfaction: r.satisfaction, testimonial: r.testimonial, submitted_at: at })
      .execute();
  }
  for (const city of ["taichung", "toulouse"] as const) {
    await trx
      .insertInto("results_meetings")
      .values({ program_id: s.programId, city_id: city, held_at: s.plus(s.window(city, "reporting").end, -24 * 3), notes: "Both teams presented their outcomes; follow-ups assigned to the city's investment office; lessons for the next call: longer matchmaking slots." })
      .execute();
  }
}
