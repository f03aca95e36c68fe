begin
commit
delete from "action_root_causes" where "organization_id" = $1 and "action_id" = $2
delete from "commitment_actions" where "organization_id" = $1 and "commitment_id" = $2
delete from "sessions" where "expires_at" <= $1
delete from "sessions" where "id" = $1
insert into "action_root_causes" ("organization_id", "action_id", "root_cause_id") values ($1, $2, $3)
insert into "api_tokens" ("organization_id", "id", "name", "token_hash", "role", "created_by", "created_at", "last_used_at", "revoked_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
insert into "audit_events" ("organization_id", "id", "at", "actor_kind", "actor_id", "actor_label", "action", "record_type", "record_id", "incident_id", "before", "after", "request_id") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
insert into "commitment_actions" ("organization_id", "commitment_id", "action_id") values ($1, $2, $3)
insert into "commitments" ("organization_id", "id", "incident_id", "text", "audience", "due_at", "original_due_at", "owner", "verification", "source", "kind", "source_statement_id", "manual_outcome", "manual_kept_at", "explanation", "due_history", "evidence", "is_public", "status", "kept_at", "version", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
insert into "conversations" ("organization_id", "id", "incident_id", "kind", "name", "audience", "attendees", "held_at", "notes", "created_by", "created_at", "version") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
insert into "corrective_actions" ("organization_id", "id", "incident_id", "title", "description", "kind", "repair_logic", "dimensions", "owner", "sponsor", "due_at", "status", "status_reason", "started_at", "done_at", "verified_at", "verification_method", "verification", "evidence", "is_public", "version", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
insert into "deliveries" ("organization_id", "id", "source_type", "source_id", "source_version", "channel", "recipient", "status", "attempts", "next_attempt_at", "created_at", "updated_at") select "f"."organization_id", cast($1 as text) || f.contact_email as "id", cast($2 as text) as "source_type", cast($3 as text) as "source_id", cast($4 as integer) as "source_version", cast($5 as text) as "channel", "f"."contact_email", cast($6 as text) as "status", cast($7 as integer) as "attempts", cast($8 as timestamptz) as "next_attempt_at", cast($9 as timestamptz) as "created_at", cast($10 as timestamptz) as "updated_at" from "feedback" as "f" where "f"."organization_id" = $11 and ('item:' || f.id in (select "l"."target" from "action_feedback_links" as "l" where "l"."organization_id" = $12 and "l"."action_id" = $13) or ("f"."incident_id" = $14 and exists (select 1 as "one" from "feedback_themes" as "ft" inner join "action_feedback_links" as "lt" on "lt"."organization_id" = "ft"."organization_id" and lt.target = 'theme:' || ft.theme where "ft"."organization_id" = "f"."organization_id" and "ft"."feedback_id" = "f"."id" and "lt"."action_id" = $15))) and "f"."consent" = $16 and "f"."contact_email" is not null group by "f"."organization_id", "f"."contact_email" on conflict ("organization_id", "id") do nothing
insert into "feedback" ("organization_id", "id", "incident_id", "channel", "audience", "text", "ratings", "contact_email", "contact_name", "consent", "source", "source_id", "client_hash", "redacted", "sentiment", "sentiment_score", "language", "themes", "analysed_at", "loop_closed_at", "created_at", "version", "conversation_id") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) on conflict ("organization_id", "source", "source_id") do nothing returning "id"
insert into "idempotency_keys" ("organization_id", "principal", "key", "request_hash", "record_type", "record_id", "created_at") values ($1, $2, $3, $4, $5, $6, $7) on conflict ("organization_id", "principal", "key") do nothing
insert into "incidents" ("organization_id", "id", "slug", "title", "summary", "kind", "crisis_type", "cluster_override", "violation_types", "culpability", "culpability_evidence", "deception_involved", "severity", "occurred_at", "detected_at", "disclosed_at", "disclosed_by", "affected_audiences", "prior_similar_incidents", "prior_reputation", "investigation_owner", "stage", "stage_changed_at", "version", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
insert into "memberships" ("organization_id", "user_id", "role", "created_at") values ($1, $2, $3, $4) on conflict ("organization_id", "user_id") do update set "role" = $5
insert into "organizations" ("id", "slug", "name", "settings", "data_version", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7) on conflict ("slug") do nothing
insert into "root_causes" ("organization_id", "id", "incident_id", "description", "component", "dimensions", "systemic", "whys", "independent_review", "is_public", "version", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
insert into "sessions" ("id", "user_id", "csrf_token", "created_at", "expires_at") values ($1, $2, $3, $4, $5)
insert into "users" ("id", "email", "name", "password_hash", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6) on conflict ("email") do nothing
select "action_id", "root_cause_id" from "action_root_causes" where "organization_id" = $1 and "action_id" in ($2) order by "root_cause_id"
select "commitment_id", "action_id" from "commitment_actions" where "organization_id" = $1 and "commitment_id" in ($2) order by "action_id"
select "commitments".* from "commitments" inner join "commitment_actions" on "commitment_actions"."organization_id" = "commitments"."organization_id" and "commitment_actions"."commitment_id" = "commitments"."id" where "commitments"."organization_id" = $1 and "commitment_actions"."action_id" = $2 order by "commitments"."id"
select "id" from "incidents" where "organization_id" = $1 and "slug" = $2
select "id", "text", "redacted", "sentiment", "themes", "analysed_at", "created_at" from "feedback" where "organization_id" = $1 and "conversation_id" = $2 order by "source_id"
select "incident_id", "status", "due_at" from "corrective_actions" where "organization_id" = $1 and "incident_id" in ($2)
select "incident_id", "status", "due_at", "original_due_at", "owner", "verification" from "commitments" where "organization_id" = $1
select "incident_id", "status", "due_at", "original_due_at", "owner", "verification" from "commitments" where "organization_id" = $1 and "incident_id" in ($2)
select "organizations".*, "memberships"."role" from "memberships" inner join "organizations" on "organizations"."id" = "memberships"."organization_id" where "memberships"."user_id" = $1 order by "organizations"."slug"
select "role" from "memberships" where "organization_id" = $1 and "user_id" = $2
select "stage", count(*) as "n" from "incidents" where "organization_id" = $1 group by "stage"
select "users".*, "memberships"."role", "memberships"."created_at" as "joined_at" from "memberships" inner join "users" on "users"."id" = "memberships"."user_id" where "memberships"."organization_id" = $1 order by "users"."email"
select "users".*, "sessions"."id" as "session_id", "sessions"."csrf_token", "sessions"."created_at" as "session_created_at", "sessions"."expires_at" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."id" = $1
select * from "api_tokens" where "token_hash" = $1 and "revoked_at" is null
select * from "audit_events" where "organization_id" = $1 and "incident_id" = $2 order by "id" desc limit $3
select * from "audit_events" where "organization_id" = $1 order by "id"
select * from "commitments" where "organization_id" = $1 and "id" = $2
select * from "commitments" where "organization_id" = $1 and "incident_id" = $2 order by "id"
select * from "commitments" where "organization_id" = $1 order by "id"
select * from "conversations" where "organization_id" = $1 and "id" = $2
select * from "conversations" where "organization_id" = $1 and "incident_id" = $2 order by "id" desc limit $3
select * from "corrective_actions" where "organization_id" = $1 and "id" = $2
select * from "corrective_actions" where "organization_id" = $1 and "incident_id" = $2 order by "id"
select * from "corrective_actions" where "organization_id" = $1 order by "id"
select * from "incidents" where "organization_id" = $1 and "id" = $2
select * from "incidents" where "organization_id" = $1 and "slug" = $2
select * from "incidents" where "organization_id" = $1 and "stage" = $2 and "title" ilike $3 escape '\' order by "id" desc limit $4
select * from "incidents" where "organization_id" = $1 order by "id"
select * from "leadership_activities" where "organization_id" = $1 order by "id"
select * from "organizations" where "slug" = $1
select * from "root_causes" where "organization_id" = $1 and "id" = $2
select * from "root_causes" where "organization_id" = $1 and "incident_id" = $2 order by "id"
select * from "root_causes" where "organization_id" = $1 order by "id"
select * from "statement_reviews" where "organization_id" = $1 order by "id"
select * from "statement_versions" where "organization_id" = $1 order by "statement_id", "number"
select * from "statements" where "organization_id" = $1 order by "id"
select * from "users" where "email" = $1
update "api_tokens" set "last_used_at" = $1 where "organization_id" = $2 and "id" = $3
update "commitments" set "incident_id" = $1, "text" = $2, "audience" = $3, "due_at" = $4, "original_due_at" = $5, "owner" = $6, "verification" = $7, "source" = $8, "kind" = $9, "source_statement_id" = $10, "manual_outcome" = $11, "manual_kept_at" = $12, "explanation" = $13, "due_history" = $14, "evidence" = $15, "is_public" = $16, "status" = $17, "kept_at" = $18, "version" = $19, "updated_at" = $20 where "organization_id" = $21 and "id" = $22 and "version" = $23
update "corrective_actions" set "incident_id" = $1, "title" = $2, "description" = $3, "kind" = $4, "repair_logic" = $5, "dimensions" = $6, "owner" = $7, "sponsor" = $8, "due_at" = $9, "status" = $10, "status_reason" = $11, "started_at" = $12, "done_at" = $13, "verified_at" = $14, "verification_method" = $15, "verification" = $16, "evidence" = $17, "is_public" = $18, "version" = $19, "updated_at" = $20 where "organization_id" = $21 and "id" = $22 and "version" = $23
update "feedback" set "loop_closed_at" = $1 where "organization_id" = $2 and "loop_closed_at" is null and "id" in (select "f"."id" from "feedback" as "f" where "f"."organization_id" = $3 and ('item:' || f.id in (select "l"."target" from "action_feedback_links" as "l" where "l"."organization_id" = $4 and "l"."action_id" = $5) or ("f"."incident_id" = $6 and exists (select 1 as "one" from "feedback_themes" as "ft" inner join "action_feedback_links" as "lt" on "lt"."organization_id" = "ft"."organization_id" and lt.target = 'theme:' || ft.theme where "ft"."organization_id" = "f"."organization_id" and "ft"."feedback_id" = "f"."id" and "lt"."action_id" = $7))))
update "incidents" set "slug" = $1, "title" = $2, "summary" = $3, "kind" = $4, "crisis_type" = $5, "cluster_override" = $6, "violation_types" = $7, "culpability" = $8, "culpability_evidence" = $9, "deception_involved" = $10, "severity" = $11, "occurred_at" = $12, "detected_at" = $13, "disclosed_at" = $14, "disclosed_by" = $15, "affected_audiences" = $16, "prior_similar_incidents" = $17, "prior_reputation" = $18, "investigation_owner" = $19, "stage" = $20, "stage_changed_at" = $21, "version" = $22, "updated_at" = $23 where "organization_id" = $24 and "id" = $25 and "version" = $26
update "organizations" set "data_version" = "data_version" + $1 where "id" = $2
update "root_causes" set "incident_id" = $1, "description" = $2, "component" = $3, "dimensions" = $4, "systemic" = $5, "whys" = $6, "independent_review" = $7, "is_public" = $8, "version" = $9, "updated_at" = $10 where "organization_id" = $11 and "id" = $12 and "version" = $13