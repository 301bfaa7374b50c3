-- The portfolio list benchmark's data: 100 organizations of 1,000 scored events each, one
-- member with a live session in the first organization. Run by bench/run.sh as dott_owner, to
-- whom forced row-level security applies as to everyone: each organization's rows are written
-- with that organization set for the transaction. Ids are derived from fixed strings, so every
-- run benchmarks the same rows. psql variable: token (the raw session token of the member).

\set ON_ERROR_STOP on
begin;

insert into users (id, email, display_name, password_hash)
values (md5('dott-bench-user')::uuid, 'bench@dott.example', 'Bench Member',
        'no password: this member signs in through a seeded session');

-- authenticate() looks a session up by the SHA-256 digest of the cookie's token.
insert into sessions (token_digest, user_id, expires_at)
values (sha256(convert_to(:'token', 'UTF8')), md5('dott-bench-user')::uuid,
        now() + interval '1 day');

do $$
declare
    n integer;
begin
    for n in 1..100 loop
        perform set_config('app.org_id', md5('dott-bench-org-' || n)::uuid::text, true);
        insert into organizations (id, name, reporting_currency)
        values (app_org(), 'Bench organization ' || n, 'EUR');
        insert into events (org_id, name, type, status, tier, series, starts_on, ends_on,
                            time_zone, city, country, venue, online, url, topics, source,
                            budget_planned_minor, budget_currency)
        select app_org(),
               'Conference ' || n || '-' || g,
               (array['conference', 'trade_show', 'sponsorship', 'hosted_dinner',
                      'field_event', 'webinar', 'offsite', 'other'])[1 + g % 8],
               (array['idea', 'planning', 'confirmed', 'live', 'completed',
                      'reported'])[1 + g % 6],
               case when g % 4 = 0 then null else 1 + g % 3 end,
               'Series ' || g % 120,
               date '2025-01-01' + (g * 37) % 700,
               date '2025-01-01' + (g * 37) % 700 + g % 4,
               (array['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'])[1 + g % 4],
               (array['Berlin', 'New York', 'Bengaluru', 'Lisbon', 'Austin'])[1 + g % 5],
               (array['Germany', 'United States', 'India', 'Portugal',
                      'United States'])[1 + g % 5],
               'Hall ' || g % 12,
               g % 9 = 0,
               'https://conference-' || g || '.example.com',
               array['cloud', 'data', 'security'],
               'typed',
               case when g % 3 = 0 then null else 1000000 + g * 1000 end,
               case when g % 3 = 0 then null else 'EUR' end
        from generate_series(1, 1000) as g;

        -- Every event has stored scores, as the store keeps them, so that the list pays for
        -- reading each event's score headline. The scorecard and recommendation are short
        -- stand-ins: the list never reads them.
        insert into event_scores (org_id, event_id, formula_version, computed_for, pre_event,
                                  efficiency, post_event, combined, rox, tier, decision,
                                  scorecard, recommendation)
        select org_id, id, 1, date '2025-06-01', 40 + g % 60, 30 + g % 70, 20 + g % 80, g % 101,
               g % 90,
               (array['tier_1', 'tier_2', 'tier_3', 'cut'])[1 + g % 4],
               (array['repeat', 'adjust', 'cut'])[1 + g % 3],
               jsonb_build_object('pre_event', jsonb_build_object('value', 40 + g % 60,
                                  'breakdown', '[]'::jsonb, 'missing', '[]'::jsonb)),
               jsonb_build_object('rationale', 'Combined score ' || g % 101 || '.')
        from (select org_id, id, row_number() over (order by id) as g
              from events where org_id = app_org()) as scored;
    end loop;

    -- The member reads the first organization.
    perform set_config('app.org_id', md5('dott-bench-org-1')::uuid::text, true);
    insert into memberships (org_id, user_id, role)
    values (app_org(), md5('dott-bench-user')::uuid, 'viewer');
end $$;

commit;
analyze users, sessions, organizations, memberships, events, event_scores;
