/** Shared by the coordinators' console routes and services (no server code here). */
export const RESOURCE_KINDS = ["incubator", "accelerator", "programme", "maker-hub", "other"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const TOPIC_ANSWERS = ["pending", "accepted", "rejected"] as const;
export type TopicAnswer = (typeof TOPIC_ANSWERS)[number];

/** Edition slugs: lower-case words joined by dashes, e.g. taichung-toulouse-2020. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A service refusal: the catalogue key of the message and the HTTP status the route answers with. */
export type Refusal = { ok: false; error: string; status: 400 | 403 | 404 | 409 };
export type Outcome<T = Record<never, never>> = ({ ok: true } & T) | Refusal;

export function refuse(error: string, status: Refusal["status"] = 400): Refusal {
  return { ok: false, error, status };
}
