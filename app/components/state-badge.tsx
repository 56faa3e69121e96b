import { useTranslation } from "react-i18next";

const TONE: Record<string, string> = {
  draft: "bg-slate-100 text-slate-800",
  submitted: "bg-brand-100 text-brand-900",
  offered: "bg-amber-100 text-amber-900",
  confirmed: "bg-green-100 text-green-900",
  shortlisted: "bg-green-50 text-green-900",
  withdrawn: "bg-slate-200 text-slate-700",
};

export function StateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${TONE[state] ?? "bg-slate-100 text-slate-800"}`} data-testid="proposal-state" data-state={state}>
      {t(`application.state.${state}`)}
    </span>
  );
}
