import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { RankingRow } from "../services/ranking.ts";

const fmt = (v: number | null, digits = 2) => (v === null ? "—" : v.toFixed(digits));

/** The panel's ranking; column headers sort (plain links, so it works without JavaScript). */
export function RankingTable({ rows, sort, baseHref, select }: { rows: RankingRow[]; sort: string; baseHref: string; select?: { name: string; max: number; checked?: string[] } }) {
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
      <table className="table-basic" data-testid="ranking">
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
          {rows.map((r, i) => (
            <tr key={r.id} data-proposal={r.id}>
              {select ? (
                <td>
                  <input type="checkbox" name={select.name} value={r.id} defaultChecked={select.checked?.includes(r.id)} aria-label={t("review.ranking.selectOne", { title: r.title })} />
                </td>
              ) : null}
              <td>{i + 1}</td>
              <td>
                <strong>{r.title}</strong>
                <div className="text-xs text-slate-600">{r.team}</div>
              </td>
              <td>{fmt(r.normalised)}</td>
              <td>{fmt(r.mean)}</td>
              <td>{fmt(r.spread)}</td>
              <td>{r.reviews}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
