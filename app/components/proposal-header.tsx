import { useTranslation } from "react-i18next";
import { StateBadge } from "./state-badge.tsx";

/** Team, edition, title and state: the top of every page about one proposal. */
export function ProposalHeader(props: { team: string; program: string; title: string; state: string; children?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="space-y-2">
      <p className="text-sm text-slate-600">
        {props.team} · {props.program}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="page-title">{props.title || t("proposal.untitled")}</h1>
        <StateBadge state={props.state} />
      </div>
      {props.children}
    </header>
  );
}
