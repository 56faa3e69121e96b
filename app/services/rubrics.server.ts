import type { DB } from "../../db/client.ts";

export type ReviewStage = "shortlist" | "pick";

export interface Criterion {
  key: string;
  weight: number;
  labels: Record<string, string>;
  descriptions: Record<string, string>;
}

export interface Rubric {
  criteria: Criterion[];
  scaleMax: number;
}

/** Used until a coordinator sets the panel's own rubric for the stage. */
export const DEFAULT_RUBRICS: Record<ReviewStage, Rubric> = {
  shortlist: {
    scaleMax: 5,
    criteria: [
      { key: "innovation", weight: 0.3, labels: { en: "Innovation", fr: "Innovation", "zh-TW": "創新性" }, descriptions: { en: "How new and defensible the product is.", fr: "Nouveauté et avance du produit.", "zh-TW": "產品的新穎度與門檻。" } },
      { key: "market", weight: 0.25, labels: { en: "Market and traction", fr: "Marché et traction", "zh-TW": "市場與成長" }, descriptions: { en: "Evidence of demand and growth.", fr: "Preuves de demande et de croissance.", "zh-TW": "需求與成長的證據。" } },
      { key: "team", weight: 0.25, labels: { en: "Team", fr: "Équipe", "zh-TW": "團隊" }, descriptions: { en: "Ability of the team to deliver.", fr: "Capacité de l'équipe à réaliser.", "zh-TW": "團隊執行能力。" } },
      { key: "fit", weight: 0.2, labels: { en: "Fit with the partner city", fr: "Adéquation avec la ville partenaire", "zh-TW": "與夥伴城市的契合度" }, descriptions: { en: "What the exchange can realistically bring.", fr: "Ce que l'échange peut réellement apporter.", "zh-TW": "交流可實際帶來的效益。" } },
    ],
  },
  pick: {
    scaleMax: 5,
    criteria: [
      { key: "localFit", weight: 0.4, labels: { en: "Fit with our ecosystem", fr: "Adéquation avec notre écosystème", "zh-TW": "與本地生態系契合" }, descriptions: { en: "Partners, incubators and investors here who would want to meet them.", fr: "Partenaires, incubateurs et investisseurs d'ici intéressés.", "zh-TW": "本地夥伴、育成與投資人是否有興趣。" } },
      { key: "potential", weight: 0.35, labels: { en: "Potential", fr: "Potentiel", "zh-TW": "潛力" }, descriptions: { en: "Growth potential in our market.", fr: "Potentiel de croissance sur notre marché.", "zh-TW": "在本地市場的成長潛力。" } },
      { key: "readiness", weight: 0.25, labels: { en: "Readiness", fr: "Maturité", "zh-TW": "準備度" }, descriptions: { en: "Ready to make the most of one to two weeks here.", fr: "Prête à tirer parti d'une à deux semaines ici.", "zh-TW": "能否善用一至兩週的交流。" } },
    ],
  },
};

export async function rubricFor(db: DB, programId: string, cityId: string, stage: ReviewStage): Promise<Rubric> {
  const row = await db.selectFrom("rubrics").selectAll().where("program_id", "=", programId).where("city_id", "=", cityId).where("stage", "=", stage).executeTakeFirst();
  if (!row) return DEFAULT_RUBRICS[stage];
  return { criteria: JSON.parse(row.criteria) as Criterion[], scaleMax: row.scale_max };
}

export async function saveRubric(db: DB, programId: string, cityId: string, stage: ReviewStage, rubric: Rubric, at: string): Promise<void> {
  await db
    .insertInto("rubrics")
    .values({ program_id: programId, city_id: cityId, stage, criteria: JSON.stringify(rubric.criteria), scale_max: rubric.scaleMax, updated_at: at })
    .onConflict((oc) => oc.columns(["program_id", "city_id", "stage"]).doUpdateSet({ criteria: JSON.stringify(rubric.criteria), scale_max: rubric.scaleMax, updated_at: at }))
    .execute();
}

/** Weighted mean on the rubric's scale; weights need not sum to 1. */
export function weightedScore(rubric: Rubric, scores: Record<string, number>): number {
  const total = rubric.criteria.reduce((sum, c) => sum + c.weight, 0);
  if (total <= 0) return 0;
  return rubric.criteria.reduce((sum, c) => sum + c.weight * (scores[c.key] ?? 0), 0) / total;
}

import { MAX_CRITERIA, RUBRIC_LOCALES } from "../lib/rubric-rules.ts";

export { MAX_CRITERIA, RUBRIC_LOCALES };

/** A rubric may change only until the panel's first review of that stage is submitted: scores must stay comparable. */
export async function rubricLocked(db: DB, programId: string, cityId: string, stage: ReviewStage): Promise<boolean> {
  const row = await db.selectFrom("reviews").select("id").where("program_id", "=", programId).where("panel_city_id", "=", cityId).where("stage", "=", stage).where("status", "=", "submitted").limit(1).executeTakeFirst();
  return !!row;
}

export type RubricError = "locked" | "no-criteria" | "weights" | "labels" | "scale";

/** Rows with an empty English label are dropped; weights are percentages that must add up to 100. */
export function buildRubric(rows: { key: string; weight: number; labels: Record<string, string>; descriptions: Record<string, string> }[], scaleMax: number): Rubric | RubricError {
  if (!Number.isInteger(scaleMax) || scaleMax < 3 || scaleMax > 10) return "scale";
  const kept = rows.filter((r) => r.labels.en?.trim());
  if (kept.length === 0) return "no-criteria";
  if (kept.some((r) => RUBRIC_LOCALES.some((l) => !r.labels[l]?.trim()))) return "labels";
  const total = kept.reduce((sum, r) => sum + r.weight, 0);
  if (kept.some((r) => !Number.isFinite(r.weight) || r.weight <= 0) || Math.abs(total - 100) > 0.01) return "weights";
  const used = new Set<string>();
  const criteria = kept.map((r, i) => {
    let key = r.key.trim() || `c${i + 1}`;
    while (used.has(key)) key = `${key}_${i + 1}`;
    used.add(key);
    return { key, weight: r.weight / 100, labels: r.labels, descriptions: r.descriptions };
  });
  return { criteria, scaleMax };
}
