import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { TableLine } from "../services/ranking.ts";

const fmt = (v: number | null) => (v === null ? "—" : v.toFixed(2));

/** The panel's ranking; column headers sort (plain links, so it works without JavaScript). */
export function RankingTable({ rows, sort, baseHref, select }: { rows: TableLine[]; sort: string; baseHref: string; select?: { name: string; max: number; checked?: string[] } }) {
  const { t } = useTranslation();
  const header = (key: string, label: string) => (
    <th scope="col" aria-sort={sort === key ? "descending" : undefined}>
      <Link to={`${baseHref}${baseHref.includes("?") ? "&" : "?"}sort=${key}`} className={sort === key ? "font-bold underline" : "underline"}>
        {label}
      </Link>
    </th>
  );
  return (
    <div className="overflow-x-auto">
      {/* 2,000 lines are common: the team's line is styled from the table, not one class list per line. */}
      <table className="table-basic [&_small]:block [&_small]:text-xs [&_small]:font-normal [&_small]:text-slate-600" data-testid="ranking">
        <thead>
          <tr>
            {select ? <th scope="col">{t("review.ranking.select")}</th> : null}
            <th scope="col">#</th>
            <th scope="col">{t("review.ranking.proposal")}</th>
            {header("normalised", t("review.ranking.normalised"))}
            {header("mean", t("review.ranking.mean"))}
            {header("spread", t("review.ranking.spread"))}
            {header("reviews", t("review.ranking.reviews"))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map(([id, title, team, reviews, normalised, mean, spread], i) => (
            <tr key={id} data-proposal={id}>
              {select ? (
                <td>
                  <input type="checkbox" name={select.name} value={id} defaultChecked={select.checked?.includes(id)} aria-label={t("review.ranking.selectOne", { title })} />
                </td>
              ) : null}
              <td>{i + 1}</td>
              <th scope="row">
                {title}
                <small>{team}</small>
              </th>
              <td>{fmt(normalised)}</td>
              <td>{fmt(mean)}</td>
              <td>{fmt(spread)}</td>
              <td>{reviews}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
