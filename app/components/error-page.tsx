import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function ErrorPage({ status }: { status: number }) {
  const { t } = useTranslation();
  const kind = status === 403 ? "forbidden" : status === 404 ? "notFound" : status === 429 ? "tooMany" : status === 409 ? "conflict" : "server";
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
