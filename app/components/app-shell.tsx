import { useTranslation } from "react-i18next";
import { Form, Link, NavLink, useLocation } from "react-router";
import { LanguageSwitcher } from "./language-switcher.tsx";

interface ShellUser {
  name: string;
  email: string;
}

export function AppShell(props: {
  user: ShellUser | null;
  nav: { to: string; label: string }[];
  home: string;
  locale: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        {t("common.skipToContent")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link to={props.home} className="text-lg font-bold text-brand-900">
            Passerelle
          </Link>
          {props.user && (
            <nav aria-label={t("nav.label")} className="order-3 w-full sm:order-none sm:w-auto">
              <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                {props.nav.map((item) => (
                  <li key={item.to}>
                    <NavLink
                      to={item.to}
                      className={({ isActive }) => (isActive ? "font-semibold text-brand-700 underline underline-offset-4" : "text-slate-700 hover:text-brand-700")}
                    >
                      {t(item.label)}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
            <LanguageSwitcher current={props.locale} returnTo={location.pathname + location.search} />
            {props.user ? (
              <Form method="post" action="/sign-out">
                <span className="mr-2 hidden text-slate-600 md:inline" data-testid="signed-in-as">
                  {props.user.name}
                </span>
                <button type="submit" className="btn-secondary px-3 py-1">
                  {t("nav.signOut")}
                </button>
              </Form>
            ) : (
              <>
                <Link to="/sign-in" className="link">
                  {t("nav.signIn")}
                </Link>
                <Link to="/sign-up" className="btn-primary px-3 py-1">
                  {t("nav.signUp")}
                </Link>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        {props.children}
      </main>
      <footer className="border-t border-slate-200 bg-white py-4 text-center text-xs text-slate-500">{t("common.footer")}</footer>
    </div>
  );
}
