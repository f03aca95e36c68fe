begin
commit
delete from "action_root_causes" where "organization_id" = ? and "action_id" = ?
delete from "commitment_actions" where "organization_id" = ? and "commitment_id" = ?
delete from "sessions" where "expires_at" <= ?
delete from "sessions" where "id" = ?
insert into "action_root_causes" ("organization_id", "action_id", "root_cause_id") values (?, ?, ?)
insert into "api_tokens" ("organization_id", "id", "name", "token_hash", "role", "created_by", "created_at", "last_used_at", "revoked_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?)
insert into "audit_events" ("organization_id", "id", "at", "actor_kind", "actor_id", "actor_label", "action", "record_type", "record_id", "incident_id", "before", "after", "request_id") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
insert into "commitment_actions" ("organization_id", "commitment_id", "action_id") values (?, ?, ?)
insert into "commitments" ("organization_id", "id", "incident_id", "text", "audience", "due_at", "original_due_at", "owner", "verification", "source", "kind", "source_statement_id", "manual_outcome", "manual_kept_at", "explanation", "due_history", "evidence", "is_public", "status", "kept_at", "version", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
insert into "conversations" ("organization_id", "id", "incident_id", "kind", "name", "audience", "attendees", "held_at", "notes", "created_by", "created_at", "version") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
insert into "corrective_actions" ("organization_id", "id", "incident_id", "title", "description", "kind", "repair_logic", "dimensions", "owner", "sponsor", "due_at", "status", "status_reason", "started_at", "done_at", "verified_at", "verification_method", "verification", "evidence", "is_public", "version", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
insert into "deliveries" ("organization_id", "id", "source_type", "source_id", "source_version", "channel", "recipient", "status", "attempts", "next_attempt_at", "created_at", "updated_at") select "f"."organization_id", ? || f.contact_email as "id", ? as "source_type", ? as "source_id", ? as "source_version", ? as "channel", "f"."contact_email", ? as "status", ? as "attempts", ? as "next_attempt_at", ? as "created_at", ? as "updated_at" from "feedback" as "f" where "f"."organization_id" = ? and ('item:' || f.id in (select "l"."target" from "action_feedback_links" as "l" where "l"."organization_id" = ? and "l"."action_id" = ?) or ("f"."incident_id" = ? and exists (select 1 as "one" from "feedback_themes" as "ft" inner join "action_feedback_links" as "lt" on "lt"."organization_id" = "ft"."organization_id" and lt.target = 'theme:' || ft.theme where "ft"."organization_id" = "f"."organization_id" and "ft"."feedback_id" = "f"."id" and "lt"."action_id" = ?))) and "f"."consent" = ? and "f"."contact_email" is not null group by "f"."organization_id", "f"."contact_email" on conflict ("organization_id", "id") do nothing
insert into "feedback" ("organization_id", "id", "incident_id", "channel", "audience", "text", "ratings", "contact_email", "contact_name", "consent", "source", "source_id", "client_hash", "redacted", "sentiment", "sentiment_score", "language", "themes", "analysed_at", "loop_closed_at", "created_at", "version", "conversation_id") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict ("organization_id", "source", "source_id") do nothing returning "id"
insert into "idempotency_keys" ("organization_id", "principal", "key", "request_hash", "record_type", "record_id", "created_at") values (?, ?, ?, ?, ?, ?, ?) on conflict ("organization_id", "principal", "key") do nothing
insert into "incidents" ("organization_id", "id", "slug", "title", "summary", "kind", "crisis_type", "cluster_override", "violation_types", "culpability", "culpability_evidence", "deception_involved", "severity", "occurred_at", "detected_at", "disclosed_at", "disclosed_by", "affected_audiences", "prior_similar_incidents", "prior_reputation", "investigation_owner", "stage", "stage_changed_at", "version", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
insert into "memberships" ("organization_id", "user_id", "role", "created_at") values (?, ?, ?, ?) on conflict ("organization_id", "user_id") do update set "role" = ?
insert into "organizations" ("id", "slug", "name", "settings", "data_version", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?) on conflict ("slug") do nothing
insert into "root_causes" ("organization_id", "id", "incident_id", "description", "component", "dimensions", "systemic", "whys", "independent_review", "is_public", "version", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
insert into "sessions" ("id", "user_id", "csrf_token", "created_at", "expires_at") values (?, ?, ?, ?, ?)
insert into "users" ("id", "email", "name", "password_hash", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?) on conflict ("email") do nothing
select "action_id", "root_cause_id" from "action_root_causes" where "organization_id" = ? and "action_id" in (?) order by "root_cause_id"
select "commitment_id", "action_id" from "commitment_actions" where "organization_id" = ? and "commitment_id" in (?) order by "action_id"
select "commitments".* from "commitments" inner join "commitment_actions" on "commitment_actions"."organization_id" = "commitments"."organization_id" and "commitment_actions"."commitment_id" = "commitments"."id" where "commitments"."organization_id" = ? and "commitment_actions"."action_id" = ? order by "commitments"."id"
select "id" from "incidents" where "organization_id" = ? and "slug" = ?
select "id", "text", "redacted", "sentiment", "themes", "analysed_at", "created_at" from "feedback" where "organization_id" = ? and "conversation_id" = ? order by "source_id"
select "incident_id", "status", "due_at" from "corrective_actions" where "organization_id" = ? and "incident_id" in (?)
select "incident_id", "status", "due_at", "original_due_at", "owner", "verification" from "commitments" where "organization_id" = ?
select "incident_id", "status", "due_at", "original_due_at", "owner", "verification" from "commitments" where "organization_id" = ? and "incident_id" in (?)
select "organizations".*, "memberships"."role" from "memberships" inner join "organizations" on "organizations"."id" = "memberships"."organization_id" where "memberships"."user_id" = ? order by "organizations"."slug"
select "role" from "memberships" where "organization_id" = ? and "user_id" = ?
select "stage", count(*) as "n" from "incidents" where "organization_id" = ? group by "stage"
select "users".*, "memberships"."role", "memberships"."created_at" as "joined_at" from "memberships" inner join "users" on "users"."id" = "memberships"."user_id" where "memberships"."organization_id" = ? order by "users"."email"
select "users".*, "sessions"."id" as "session_id", "sessions"."csrf_token", "sessions"."created_at" as "session_created_at", "sessions"."expires_at" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."id" = ?
select * from "api_tokens" where "token_hash" = ? and "revoked_at" is null
select * from "audit_events" where "organization_id" = ? and "incident_id" = ? order by "id" desc limit ?
select * from "audit_events" where "organization_id" = ? order by "id"
select * from "commitments" where "organization_id" = ? and "id" = ?
select * from "commitments" where "organization_id" = ? and "incident_id" = ? order by "id"
select * from "commitments" where "organization_id" = ? order by "id"
select * from "conversations" where "organization_id" = ? and "id" = ?
select * from "conversations" where "organization_id" = ? and "incident_id" = ? order by "id" desc limit ?
select * from "corrective_actions" where "organization_id" = ? and "id" = ?
select * from "corrective_actions" where "organization_id" = ? and "incident_id" = ? order by "id"
select * from "corrective_actions" where "organization_id" = ? order by "id"
select * from "incidents" where "organization_id" = ? and "id" = ?
select * from "incidents" where "organization_id" = ? and "slug" = ?
select * from "incidents" where "organization_id" = ? and "stage" = ? and "title" like ? escape '\' order by "id" desc limit ?
select * from "incidents" where "organization_id" = ? order by "id"
select * from "leadership_activities" where "organization_id" = ? order by "id"
select * from "organizations" where "slug" = ?
select * from "root_causes" where "organization_id" = ? and "id" = ?
select * from "root_causes" where "organization_id" = ? and "incident_id" = ? order by "id"
select * from "root_causes" where "organization_id" = ? order by "id"
select * from "statement_reviews" where "organization_id" = ? order by "id"
select * from "statement_versions" where "organization_id" = ? order by "statement_id", "number"
select * from "statements" where "organization_id" = ? order by "id"
select * from "users" where "email" = ?
update "api_tokens" set "last_used_at" = ? where "organization_id" = ? and "id" = ?
update "commitments" set "incident_id" = ?, "text" = ?, "audience" = ?, "due_at" = ?, "original_due_at" = ?, "owner" = ?, "verification" = ?, "source" = ?, "kind" = ?, "source_statement_id" = ?, "manual_outcome" = ?, "manual_kept_at" = ?, "explanation" = ?, "due_history" = ?, "evidence" = ?, "is_public" = ?, "status" = ?, "kept_at" = ?, "version" = ?, "updated_at" = ? where "organization_id" = ? and "id" = ? and "version" = ?
update "corrective_actions" set "incident_id" = ?, "title" = ?, "description" = ?, "kind" = ?, "repair_logic" = ?, "dimensions" = ?, "owner" = ?, "sponsor" = ?, "due_at" = ?, "status" = ?, "status_reason" = ?, "started_at" = ?, "done_at" = ?, "verified_at" = ?, "verification_method" = ?, "verification" = ?, "evidence" = ?, "is_public" = ?, "version" = ?, "updated_at" = ? where "organization_id" = ? and "id" = ? and "version" = ?
update "feedback" set "loop_closed_at" = ? where "organization_id" = ? and "loop_closed_at" is null and "id" in (select "f"."id" from "feedback" as "f" where "f"."organization_id" = ? and ('item:' || f.id in (select "l"."target" from "action_feedback_links" as "l" where "l"."organization_id" = ? and "l"."action_id" = ?) or ("f"."incident_id" = ? and exists (select 1 as "one" from "feedback_themes" as "ft" inner join "action_feedback_links" as "lt" on "lt"."organization_id" = "ft"."organization_id" and lt.target = 'theme:' || ft.theme where "ft"."organization_id" = "f"."organization_id" and "ft"."feedback_id" = "f"."id" and "lt"."action_id" = ?))))
update "incidents" set "slug" = ?, "title" = ?, "summary" = ?, "kind" = ?, "crisis_type" = ?, "cluster_override" = ?, "violation_types" = ?, "culpability" = ?, "culpability_evidence" = ?, "deception_involved" = ?, "severity" = ?, "occurred_at" = ?, "detected_at" = ?, "disclosed_at" = ?, "disclosed_by" = ?, "affected_audiences" = ?, "prior_similar_incidents" = ?, "prior_reputation" = ?, "investigation_owner" = ?, "stage" = ?, "stage_changed_at" = ?, "version" = ?, "updated_at" = ? where "organization_id" = ? and "id" = ? and "version" = ?
update "organizations" set "data_version" = "data_version" + ? where "id" = ?
update "root_causes" set "incident_id" = ?, "description" = ?, "component" = ?, "dimensions" = ?, "systemic" = ?, "whys" = ?, "independent_review" = ?, "is_public" = ?, "version" = ?, "updated_at" = ? where "organization_id" = ? and "id" = ? and "version" = ?