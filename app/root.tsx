import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/root";
import "./app.css";
import { AppShell } from "./components/app-shell.tsx";
import { ErrorPage } from "./components/error-page.tsx";
import { homePathFor } from "./lib/access.server.ts";
import { authMiddleware, optionalUser } from "./lib/auth.server.ts";
import { getLocale, i18nextMiddleware } from "./lib/i18n.server.ts";
import { navFor } from "./lib/nav.server.ts";
import { getRuntime } from "./lib/runtime.server.ts";
import { nonceContext, originCheckMiddleware } from "./lib/security.server.ts";

// Pages without a title of their own still get one.
export function meta() {
  return [{ title: "Passerelle" }];
}

export const middleware: Route.MiddlewareFunction[] = [originCheckMiddleware, authMiddleware, i18nextMiddleware];

export async function loader({ context }: Route.LoaderArgs) {
  const locale = getLocale(context);
  const user = optionalUser(context);
  const { db } = getRuntime();
  const nonce = context.get(nonceContext);
  if (!user) return { locale, nonce, user: null, nav: [], home: "/" };
  const home = await homePathFor(db, user);
  return {
    locale,
    nonce,
    user: { name: user.name, email: user.email, isAdmin: !!user.is_admin, timeZone: user.time_zone },
    nav: await navFor(db, user),
    home,
  };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const { i18n } = useTranslation();
  const lang = root?.locale ?? i18n.language ?? "en";
  return (
    <html lang={lang} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={root?.nonce} />
        <Scripts nonce={root?.nonce} />
      </body>
    </html>
  );
}

export default function App({ loaderData }: Route.ComponentProps) {
  const { i18n } = useTranslation();
  useEffect(() => {
    if (i18n.language !== loaderData.locale) void switchLanguage(i18n, loaderData.locale);
  }, [loaderData.locale, i18n]);
  return (
    <AppShell user={loaderData.user} nav={loaderData.nav} home={loaderData.home} locale={loaderData.locale}>
      <Outlet />
    </AppShell>
  );
}

async function switchLanguage(i18n: ReturnType<typeof useTranslation>["i18n"], locale: string) {
  if (!i18n.hasResourceBundle(locale, "translation")) {
    const { loadCatalogue } = await import("./locales/load.ts");
    i18n.addResourceBundle(locale, "translation", await loadCatalogue(locale));
  }
  await i18n.changeLanguage(locale);
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const root = useRouteLoaderData<typeof loader>("root");
  // A refused action renders this without the root loader: the request's translator knows the language.
  const { i18n } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <AppShell user={root?.user ?? null} nav={root?.nav ?? []} home={root?.home ?? "/"} locale={root?.locale ?? i18n.language ?? "en"}>
      <ErrorPage status={status} />
    </AppShell>
  );
}
