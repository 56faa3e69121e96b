/** The sections of a proposal, in the order the form shows them (shared by the form and the server). */
export const CONTENT_FIELDS = ["summaryEn", "summaryHome", "problem", "product", "traction", "team", "wants", "preferredDates"] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

export const TEXT_LIMITS = { title: 200, short: 500, long: 5000 } as const;
