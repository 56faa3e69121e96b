import { type RouteConfig, index, layout, prefix, route } from "@react-router/dev/routes";

export default [
  index("routes/public/home.tsx"),
  route("healthz", "routes/public/healthz.ts"),
  route("language", "routes/public/language.ts"),
  route("programs/:slug", "routes/public/program.tsx"),

  route("sign-up", "routes/auth/sign-up.tsx"),
  route("sign-in", "routes/auth/sign-in.tsx"),
  route("sign-out", "routes/auth/sign-out.ts"),
  route("forgot-password", "routes/auth/forgot-password.tsx"),
  route("reset-password/:token", "routes/auth/reset-password.tsx"),
  route("invitations/:token", "routes/auth/invitation.tsx"),

  layout("routes/signed-in-layout.tsx", [
    route("settings", "routes/auth/settings.tsx"),
    route("outbox", "routes/coordinate/outbox.tsx"),
    route("applicant", "routes/applicant/home.tsx"),
    route("applicant/teams/new", "routes/applicant/team-new.tsx"),
    route("applicant/teams/:teamId", "routes/applicant/team.tsx"),
    route("applicant/proposals/new", "routes/applicant/proposal-new.ts"),
    route("applicant/proposals/:proposalId", "routes/applicant/proposal.tsx"),
    route("applicant/proposals/:proposalId/edit", "routes/applicant/proposal-edit.tsx"),
    route("applicant/proposals/:proposalId/deck", "routes/applicant/deck.ts"),
    route("review", "routes/review/home.tsx"),
    route("review/:slug", "routes/review/queue.tsx"),
    route("review/:slug/proposals/:proposalId", "routes/review/proposal.tsx"),
    route("review/:slug/proposals/:proposalId/deck", "routes/review/deck.ts"),
    route("review/:slug/ranking", "routes/review/ranking.tsx"),
    ...prefix("coordinate", [
      index("routes/coordinate/home.tsx"),
      route(":slug/panel", "routes/coordinate/panel.tsx"),
      route(":slug/screening", "routes/coordinate/screening.tsx"),
      route(":slug/reviews", "routes/coordinate/reviews.tsx"),
      route(":slug/rubric", "routes/coordinate/rubric.tsx"),
      route(":slug/shortlist", "routes/coordinate/shortlist.tsx"),
      route(":slug/picks", "routes/coordinate/shortlist.tsx", { id: "coordinate-picks" }),
      route(":slug/offers", "routes/coordinate/offers.tsx"),
      route(":slug/announcement", "routes/coordinate/announcement.tsx"),
      route(":slug/reviews.csv", "routes/coordinate/reviews-csv.ts"),
    ]),
    route("programs/:slug/timeline", "routes/coordinate/timeline.tsx"),
    ...prefix("admin", [
      index("routes/admin/home.tsx"),
    ]),
  ]),

  route("__test/clock", "routes/public/test-clock.ts"),
  route("*", "routes/public/not-found.tsx"),
] satisfies RouteConfig;
