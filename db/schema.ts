import type { Insertable, Selectable, Updateable } from "kysely";

// Hand-written to match migrations/. Nullable columns are `T | null`, never optional.
// Booleans are integers (0/1); JSON is text; human timestamps are ISO-8601 UTC text,
// session and rate-limit timestamps are epoch milliseconds.

export type Locale = "zh-TW" | "fr" | "en";
/** "chair": a reviewer the coordinator named to lock the panel's decisions. */
export type MembershipRole = "coordinator" | "reviewer" | "chair";

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  locale: string | null;
  time_zone: string | null;
  is_admin: number;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  secret_hash: string;
  created_at: number;
  expires_at: number;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface CitiesTable {
  id: string;
  /** JSON: { en, fr, "zh-TW" } */
  names: string;
  country: string;
  time_zone: string;
  default_locale: string;
  created_at: string;
}

export interface ProgramsTable {
  id: string;
  slug: string;
  /** JSON: { en, fr, "zh-TW" } */
  titles: string;
  edition_year: number;
  city_a_id: string;
  city_b_id: string;
  previous_program_id: string | null;
  created_at: string;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  program_id: string;
  city_id: string;
  role: string;
  created_at: string;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  email: string;
  /** "coordinator" | "reviewer" | "team-member" */
  kind: string;
  program_id: string | null;
  city_id: string | null;
  team_id: string | null;
  invited_by: string;
  locale: string;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
}

export interface TeamsTable {
  id: string;
  name: string;
  city_id: string;
  founding_year: number | null;
  website: string | null;
  sector: string | null;
  size: number | null;
  created_by: string;
  created_at: string;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface OutboxTable {
  id: string;
  to_email: string;
  to_user_id: string | null;
  locale: string;
  template: string;
  subject: string;
  body_text: string;
  program_id: string | null;
  city_id: string | null;
  /** "queued" | "sent" | "failed" | "logged" */
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface TopicsTable {
  id: string;
  program_id: string;
  proposed_by_city_id: string;
  titles: string;
  rationale: string;
  status: string;
  position: number;
  created_at: string;
  /** the partner city's answer: "pending" | "accepted" | "rejected" */
  partner_status: string;
  partner_comment: string | null;
  list_version: number;
}

export interface HostingResourcesTable {
  id: string;
  program_id: string;
  city_id: string;
  name: string;
  kind: string;
  address: string;
  capacity: number | null;
  services: string;
  contact: string;
  available_from: string | null;
  available_to: string | null;
  created_at: string;
  updated_at: string | null;
}

export interface StageWindowsTable {
  program_id: string;
  city_id: string;
  stage: string;
  starts_at: string;
  ends_at: string;
  grace_minutes: number;
}

export interface WorkflowInstancesTable {
  id: string;
  machine_id: string;
  machine_version: number;
  program_id: string;
  subject_id: string;
  snapshot: string;
  state_value: string;
  version: number;
  updated_at: string;
}

export interface WorkflowEventsTable {
  instance_id: string;
  seq: number;
  event_type: string;
  event: string;
  actor_user_id: string | null;
  actor_label: string;
  city_id: string | null;
  at: string;
  state_before: string;
  state_after: string;
}

export interface ScheduledJobsTable {
  id: string;
  kind: string;
  program_id: string;
  city_id: string | null;
  subject_id: string | null;
  due_at: string;
  payload: string;
  /** "pending" | "done" | "skipped" */
  status: string;
  fired_at: string | null;
  result: string | null;
  created_at: string;
}

export interface SchedulerLeasesTable {
  name: string;
  holder: string;
  expires_at: number;
}

export interface ProposalsTable {
  id: string;
  program_id: string;
  team_id: string;
  city_id: string;
  topic_id: string | null;
  title: string;
  /** JSON of the proposal's sections */
  content: string;
  deck_key: string | null;
  /** mirror of the application machine's state, for queries */
  state: string;
  submitted_version: number;
  submitted_at: string | null;
  created_at: string;
  updated_at: string;
  /** set while an offer is open: when it lapses */
  offer_expires_at: string | null;
  deck_name: string | null;
  deck_size: number | null;
  /** shown to the applicant when screening refused the proposal */
  ineligible_reason: string | null;
}

export interface ProposalVersionsTable {
  proposal_id: string;
  version: number;
  title: string;
  content: string;
  deck_key: string | null;
  deck_name: string | null;
  submitted_by: string;
  submitted_at: string;
}

export interface RubricsTable {
  program_id: string;
  city_id: string;
  /** "shortlist" (own city's proposals) | "pick" (the partner's 5) */
  stage: string;
  /** JSON: [{ key, weight, labels: {en,fr,zh-TW}, descriptions: {…} }] */
  criteria: string;
  scale_max: number;
  updated_at: string;
}

export interface ReviewAssignmentsTable {
  program_id: string;
  proposal_id: string;
  reviewer_id: string;
  stage: string;
  created_by: string;
  created_at: string;
}

export interface ConflictDeclarationsTable {
  proposal_id: string;
  reviewer_id: string;
  conflicted: number;
  /** investor | mentor | employer | family | other */
  kind: string | null;
  note: string | null;
  declared_at: string;
}

export interface ReviewsTable {
  id: string;
  program_id: string;
  proposal_id: string;
  reviewer_id: string;
  /** the panel (city) the reviewer sits on */
  panel_city_id: string;
  stage: string;
  /** JSON: { criterionKey: score } */
  scores: string;
  confidence: number | null;
  comment_panel: string;
  comment_applicant: string;
  /** "draft" | "submitted" */
  status: string;
  /** weighted mean of the scores, stored on submit */
  weighted: number | null;
  updated_at: string;
  submitted_at: string | null;
}

export interface PanelDecisionsTable {
  program_id: string;
  city_id: string;
  stage: string;
  /** JSON: ordered proposal ids */
  ids: string;
  rationale: string;
  share_scores: number;
  decided_by: string;
  decided_at: string;
}

export interface AuditLogTable {
  id: string;
  program_id: string;
  city_id: string | null;
  actor_user_id: string | null;
  action: string;
  detail: string;
  at: string;
}

export interface ItineraryItemsTable {
  id: string;
  program_id: string;
  proposal_id: string;
  host_city_id: string;
  /** flight | lodging | matchmaking | incubator | investor | legal | event | other */
  kind: string;
  title: string;
  starts_at: string;
  ends_at: string;
  /** a flight departs in one zone and lands in another */
  start_time_zone: string;
  end_time_zone: string;
  place: string | null;
  host: string | null;
  carrier: string | null;
  flight_number: string | null;
  hosting_resource_id: string | null;
  matchmaking_slot_id: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface MatchmakingPartnersTable {
  id: string;
  program_id: string;
  city_id: string;
  name: string;
  /** company | investor | adviser */
  kind: string;
  sector: string | null;
  contact: string | null;
  description: string | null;
  created_at: string;
}

export interface MatchmakingRequestsTable {
  id: string;
  program_id: string;
  proposal_id: string;
  partner_id: string;
  /** "team" | "partner" */
  requested_by: string;
  /** requested | accepted | declined | scheduled */
  status: string;
  note: string | null;
  created_at: string;
}

export interface MatchmakingSlotsTable {
  id: string;
  program_id: string;
  host_city_id: string;
  proposal_id: string;
  partner_id: string;
  starts_at: string;
  ends_at: string;
  place: string | null;
  created_at: string;
}

export interface PreDepartureMeetingsTable {
  program_id: string;
  /** the sending city, which briefs its own outgoing teams */
  city_id: string;
  starts_at: string;
  place: string | null;
  video_url: string | null;
  agenda: string;
  updated_at: string;
}

export interface ChecklistItemsTable {
  proposal_id: string;
  /** passport | insurance | travel | arrival | dietary | accessibility */
  item: string;
  /** todo | done | na */
  status: string;
  value: string | null;
  updated_at: string;
}

export interface TeamReportsTable {
  proposal_id: string;
  program_id: string;
  city_id: string;
  meetings_held: number;
  leads: number;
  partnerships: number;
  mous: number;
  investment_eur: number;
  follow_ups: number;
  next_steps: string;
  satisfaction: number;
  testimonial: string | null;
  submitted_at: string;
}

export interface ResultsMeetingsTable {
  program_id: string;
  city_id: string;
  held_at: string;
  notes: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  password_resets: PasswordResetsTable;
  cities: CitiesTable;
  programs: ProgramsTable;
  memberships: MembershipsTable;
  invitations: InvitationsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  outbox: OutboxTable;
  topics: TopicsTable;
  hosting_resources: HostingResourcesTable;
  stage_windows: StageWindowsTable;
  workflow_instances: WorkflowInstancesTable;
  workflow_events: WorkflowEventsTable;
  scheduled_jobs: ScheduledJobsTable;
  scheduler_leases: SchedulerLeasesTable;
  proposals: ProposalsTable;
  proposal_versions: ProposalVersionsTable;
  rubrics: RubricsTable;
  review_assignments: ReviewAssignmentsTable;
  conflict_declarations: ConflictDeclarationsTable;
  reviews: ReviewsTable;
  panel_decisions: PanelDecisionsTable;
  audit_log: AuditLogTable;
  itinerary_items: ItineraryItemsTable;
  matchmaking_partners: MatchmakingPartnersTable;
  matchmaking_requests: MatchmakingRequestsTable;
  matchmaking_slots: MatchmakingSlotsTable;
  pre_departure_meetings: PreDepartureMeetingsTable;
  checklist_items: ChecklistItemsTable;
  team_reports: TeamReportsTable;
  results_meetings: ResultsMeetingsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type City = Selectable<CitiesTable>;
export type Program = Selectable<ProgramsTable>;
export type Membership = Selectable<MembershipsTable>;
export type Team = Selectable<TeamsTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type Proposal = Selectable<ProposalsTable>;
export type WorkflowInstance = Selectable<WorkflowInstancesTable>;
export type WorkflowEventRow = Selectable<WorkflowEventsTable>;
