import { redirect } from "react-router";
import { readFormOrRefuse } from "../../lib/respond.server.ts";
import type { Route } from "./+types/language";
import { optionalUser, safeReturnPath } from "../../lib/auth.server.ts";
import { localeCookie } from "../../lib/i18n.server.ts";
import { isLocale } from "../../lib/locales.ts";
import { getRuntime } from "../../lib/runtime.server.ts";
import { updateUser } from "../../../db/repositories/users.ts";

export function loader() {
  return redirect("/");
}

/** The switcher: remembered in a cookie, and in the account when signed in. */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await readFormOrRefuse(request, context);
  const locale = form.get("locale");
  const returnTo = safeReturnPath(String(form.get("returnTo") ?? "/"));
  if (!isLocale(locale)) return redirect(returnTo);
  const user = optionalUser(context);
  if (user) await updateUser(getRuntime().db, user.id, { locale });
  return redirect(returnTo, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}
