/** Set by server/start.ts from the socket (never trusted from the client). */
export const CLIENT_IP_HEADER = "x-passerelle-client-ip";

export function clientIp(request: Request): string {
  return request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
