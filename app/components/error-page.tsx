import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorKind } from "../lib/error-kind.ts";

export function ErrorPage({ status }: { status: number }) {
  const { t } = useTranslation();
  const kind = errorKind(status);
  return (
    <section className="mx-auto max-w-xl py-12 text-center" data-testid={`error-${status}`}>
      <p className="text-sm font-semibold text-brand-700">{status}</p>
      <h1 className="page-title mt-2">{t(`errors.${kind}.title`)}</h1>
      <p className="mt-4 text-slate-700">{t(`errors.${kind}.body`)}</p>
      <Link to="/" className="btn-primary mt-6">
        {t("errors.backHome")}
      </Link>
    </section>
  );
}
