export type ErrorKind = "forbidden" | "notFound" | "tooMany" | "conflict" | "tooLarge" | "badRequest" | "server";

/**
 * Which message an error status gets (errors.<kind>.title/body): every
 * refusal (4xx) says what it is; only a failure of the server gets the
 * generic "something went wrong".
 */
export function errorKind(status: number): ErrorKind {
  if (status === 403) return "forbidden";
  if (status === 404) return "notFound";
  if (status === 409) return "conflict";
  if (status === 413) return "tooLarge";
  if (status === 429) return "tooMany";
  return status >= 400 && status < 500 ? "badRequest" : "server";
}
