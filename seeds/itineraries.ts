import type { Insertable } from "kysely";
import type { DB } from "../db/client.ts";
import type { ItineraryItemsTable } from "../db/schema.ts";
import { randomId } from "../app/lib/ids.ts";
import { utcToZonedLocal, zonedLocalToUtc } from "../workflows/deadlines.ts";

type CityId = "taichung" | "toulouse";

/** Local companies, investors and advisers each host city introduces to the visiting teams (fictional). */
export const MATCHMAKING_PARTNERS: Record<CityId, { name: string; kind: "company" | "investor" | "adviser"; sector: string; contact: string; description: string }[]> = {
  toulouse: [
    { name: "Airbus — Open Innovation Toulouse", kind: "company", sector: "Aerospace", contact: "open-innovation@demo.passerelle.test", description: "Scouts suppliers and startups for the final-assembly lines and the cabin of the future." },
    { name: "Occitanie Capital Angels", kind: "investor", sector: "Seed and series A, regional fund", contact: "angels@demo.passerelle.test", description: "Business angels and the regional co-investment fund of Occitanie." },
    { name: "Cabinet Capitole Avocats", kind: "adviser", sector: "Law firm: company law, IP, setting up in France", contact: "contact@capitole-avocats.demo.passerelle.test", description: "Helps foreign startups open a French subsidiary and protect their IP." },
  ],
  taichung: [
    { name: "大肚精密機械 Dadu Precision Machine Tools", kind: "company", sector: "Machine tools (CNC)", contact: "bd@dadu-precision.demo.passerelle.test", description: "Five-axis CNC machining centres; looking for smart-factory software partners." },
    { name: "台中創投 Taichung Venture Partners", kind: "investor", sector: "Local VC, hardware and smart manufacturing", contact: "deals@tvp.demo.passerelle.test", description: "Early-stage fund backed by Central Taiwan manufacturers." },
    { name: "中部工業技術研究中心 Central Taiwan Industrial Research Lab", kind: "adviser", sector: "Applied research lab (ITRI-like)", contact: "liaison@ctirl.demo.passerelle.test", description: "Pilot lines, testing and technology transfer for precision machinery and aerospace." },
  ],
};

const TZ: Record<CityId, string> = { taichung: "Asia/Taipei", toulouse: "Europe/Paris" };

function day(date: string, offset: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

interface Leg {
  kind: string;
  title: string;
  start: [string, string, string]; // [day offset from arrival day D as string number, HH:mm, zone]
  end: [string, string, string];
  place?: string;
  host?: string;
  carrier?: string;
  flightNumber?: string;
}

function legsFor(host: CityId): Leg[] {
  const T = TZ.taichung;
  const P = TZ.toulouse;
  if (host === "toulouse") {
    return [
      { kind: "flight", title: "BR 87 Taipei → Paris", start: ["-2", "23:40", T], end: ["-1", "07:05", P], place: "Taipei TPE → Paris CDG", carrier: "EVA Air", flightNumber: "BR 87" },
      { kind: "flight", title: "AF 6126 Paris → Toulouse", start: ["-1", "10:00", P], end: ["-1", "11:20", P], place: "Paris CDG → Toulouse TLS", carrier: "Air France", flightNumber: "AF 6126" },
      { kind: "lodging", title: "Hôtel des Arts, Toulouse", start: ["-1", "14:00", P], end: ["12", "11:00", P], place: "Hôtel des Arts, 1 bis Rue Cantegril, 31000 Toulouse" },
      { kind: "investor", title: "Pitch session with Occitanie investors", start: ["4", "16:00", P], end: ["4", "18:00", P], place: "Le Village by CA", host: "Occitanie Capital Angels" },
      { kind: "flight", title: "AF 6127 Toulouse → Paris", start: ["12", "13:00", P], end: ["12", "14:20", P], place: "Toulouse TLS → Paris CDG", carrier: "Air France", flightNumber: "AF 6127" },
      { kind: "flight", title: "BR 88 Paris → Taipei", start: ["12", "18:20", P], end: ["13", "13:30", T], place: "Paris CDG → Taipei TPE", carrier: "EVA Air", flightNumber: "BR 88" },
    ];
  }
  return [
    { kind: "flight", title: "AF 6113 Toulouse → Paris", start: ["-2", "07:00", P], end: ["-2", "08:20", P], place: "Toulouse TLS → Paris CDG", carrier: "Air France", flightNumber: "AF 6113" },
    { kind: "flight", title: "BR 88 Paris → Taipei", start: ["-2", "11:20", P], end: ["-1", "06:40", T], place: "Paris CDG → Taipei TPE", carrier: "EVA Air", flightNumber: "BR 88" },
    { kind: "lodging", title: "Millennium Hotel Taichung", start: ["-1", "12:00", T], end: ["12", "11:00", T], place: "Millennium Hotel, Xitun District, Taichung" },
    { kind: "legal", title: "Setting up in Taiwan: company law briefing", start: ["3", "14:00", T], end: ["3", "16:00", T], place: "Taichung City Economic Development Bureau", host: "Central Taiwan Industrial Research Lab" },
  ];
}

/**
 * The itinerary of the first team each city hosts: flights across time zones,
 * lodging, an incubator residence at one of the host's resources, an
 * investor or legal session and one matchmaking meeting; plus the partners.
 */
export async function seedItineraries(trx: DB, input: { programId: string; createdAt: string; hosts: { host: CityId; proposalId: string | undefined; exchangeStart: string }[] }): Promise<void> {
  for (const { host, proposalId, exchangeStart } of input.hosts) {
    const partnerIds: string[] = [];
    for (const p of MATCHMAKING_PARTNERS[host]) {
      const id = randomId();
      partnerIds.push(id);
      await trx.insertInto("matchmaking_partners").values({ id, program_id: input.programId, city_id: host, ...p, created_at: input.createdAt }).execute();
    }
    if (!proposalId) continue;
    const tz = TZ[host];
    const D = utcToZonedLocal(exchangeStart, tz).slice(0, 10);
    const at = (offset: string, time: string, zone: string) => zonedLocalToUtc(`${day(D, Number(offset))}T${time}`, zone);
    const base = { program_id: input.programId, proposal_id: proposalId, host_city_id: host, host: null, carrier: null, flight_number: null, hosting_resource_id: null, matchmaking_slot_id: null, notes: null, place: null, created_at: input.createdAt, updated_at: input.createdAt };
    const rows: Insertable<ItineraryItemsTable>[] = legsFor(host).map((l) => ({ ...base, id: randomId(), kind: l.kind, title: l.title, starts_at: at(...l.start), ends_at: at(...l.end), start_time_zone: l.start[2], end_time_zone: l.end[2], place: l.place ?? null, host: l.host ?? null, carrier: l.carrier ?? null, flight_number: l.flightNumber ?? null }));
    const resource = await trx.selectFrom("hosting_resources").select(["id", "name", "address"]).where("program_id", "=", input.programId).where("city_id", "=", host).orderBy("name").executeTakeFirst();
    if (resource) {
      rows.push({ ...base, id: randomId(), kind: "incubator", title: `Residence at ${resource.name}`, starts_at: at("0", "09:00", tz), ends_at: at("11", "18:00", tz), start_time_zone: tz, end_time_zone: tz, place: `${resource.name}, ${resource.address}`, host: resource.name, carrier: null, flight_number: null, hosting_resource_id: resource.id });
    }
    const slotId = randomId();
    const partner = MATCHMAKING_PARTNERS[host][0]!;
    const slot = { starts: at("2", "10:00", tz), ends: at("2", "11:00", tz) };
    await trx.insertInto("matchmaking_slots").values({ id: slotId, program_id: input.programId, host_city_id: host, proposal_id: proposalId, partner_id: partnerIds[0]!, starts_at: slot.starts, ends_at: slot.ends, place: partner.name, created_at: input.createdAt }).execute();
    await trx.insertInto("matchmaking_requests").values({ id: randomId(), program_id: input.programId, proposal_id: proposalId, partner_id: partnerIds[0]!, requested_by: "team", status: "scheduled", note: null, created_at: input.createdAt }).execute();
    await trx.insertInto("matchmaking_requests").values({ id: randomId(), program_id: input.programId, proposal_id: proposalId, partner_id: partnerIds[1]!, requested_by: "partner", status: "requested", note: "Would like a product demo.", created_at: input.createdAt }).execute();
    rows.push({ ...base, id: randomId(), kind: "matchmaking", title: partner.name, starts_at: slot.starts, ends_at: slot.ends, start_time_zone: tz, end_time_zone: tz, place: partner.name, host: partner.name, matchmaking_slot_id: slotId });
    await trx.insertInto("itinerary_items").values(rows).execute();
  }
}
