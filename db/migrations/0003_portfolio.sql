-- The rest of an event's record: its plan (times, goals, targets, roles, milestones, tasks),
-- its people (contacts, leads, meetings, speakers), its pipeline (CRM opportunities linked as
-- sourced or influenced), its outcome (attendance, feedback, proof), the exchange rates an
-- organization enters, its scoring formulas, and the stored scores of every event.
--
-- Every table carries org_id, has row-level security enabled and forced with the tenant policy
-- of 0001 (set at the end of this file), and an index that leads with org_id. Rows that people
-- edit carry a version for If-Match.

-- Start and end keep the event's wall-clock times in its time zone (NULL: all day), so that a
-- conference across a daylight-saving change keeps the times on its programme; the instant is
-- derived from date, time and zone when it is needed.
alter table events
    add column start_time time,
    add column end_time time,
    add column goals text check (char_length(goals) <= 4000),
    add column goals_set_on date,
    add column target_pipeline_minor bigint
        check (target_pipeline_minor between 0 and 1000000000000000),
    add column target_pipeline_currency char(3)
        check (target_pipeline_currency ~ '^[A-Z]{3}$'),
    add column target_meetings integer check (target_meetings between 0 and 1000000000),
    add column target_leads integer check (target_leads between 0 and 1000000000),
    add column targets_defined_on date,
    add column owner_assigned_on date,
    add column recap_done_on date,
    add constraint events_pipeline_target_has_currency
        check ((target_pipeline_minor is null) = (target_pipeline_currency is null)),
    add constraint events_end_time_after_start
        check (ends_on > starts_on or start_time is null or end_time is null
               or end_time >= start_time);

-- The scoring formula an organization scores with; NULL is the published default, version 1.
alter table organizations
    add column scoring_version integer check (scoring_version >= 1);

-- Import keys let a later version of the same spreadsheet update its rows instead of adding
-- them again; budget lines may also be proposed by an agent.
alter table budget_line_items
    add column import_key text check (char_length(import_key) between 1 and 600),
    drop constraint budget_line_items_source_check,
    add constraint budget_line_items_source_check
        check (source in ('typed', 'imported', 'demo', 'agent'));
create unique index budget_line_items_import_key_idx on budget_line_items (org_id, import_key)
    where import_key is not null;

-- A role the event needs (booth lead, speaker manager...) and who holds it: a member, or a
-- named person from outside Dott.
create table event_roles (
    org_id uuid not null,
    id uuid not null default gen_random_uuid(),
    event_id uuid not null,
    role text not null check (char_length(role) between 1 and 100),
    user_id uuid references users (id) on delete set null,
    person_name text check (char_length(person_name) between 1 and 200),
    assigned_on date,
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade
);
create index event_roles_event_idx on event_roles (org_id, event_id);

create table milestones (
    org_id uuid not null,
    id uuid not null default gen_random_uuid(),
    event_id uuid not null,
    name text not null check (char_length(name) between 1 and 200),
    due_on date,
    done_on date,
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade
);
create index milestones_event_idx on milestones (org_id, event_id, due_on);

create table tasks (
    org_id uuid not null,
    id uuid not null default gen_random_uuid(),
    event_id uuid not null,
    title text not null check (char_length(title) between 1 and 300),
    owner_user_id uuid references users (id) on delete set null,
    due_on date,
    status text not null default 'open'
        check (status in ('open', 'in_progress', 'done', 'cancelled')),
    done_on date,
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade,
    check ((status = 'done') = (done_on is not null))
);
create index tasks_event_idx on tasks (org_id, event_id, due_on);
create index tasks_owner_idx on tasks (org_id, owner_user_id, due_on);

-- People the team met or works with. Personal data: never leaves through the MCP server.
create table contacts (
    org_id uuid not null references organizations (id) on delete cascade,
    id uuid not null default gen_random_uuid(),
    full_name text not null check (char_length(full_name) between 1 and 200),
    email text check (char_length(email) between 3 and 254),
    company text check (char_length(company) <= 200),
    job_title text check (char_length(job_title) <= 200),
    phone text check (char_length(phone) <= 50),
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id)
);
create unique index contacts_email_idx on contacts (org_id, lower(email)) where email is not null;

-- A lead captured at an event: a contact and how far they got.
create table leads (
    org_id uuid not null,
    id uuid not null default gen_random_uuid(),
    event_id uuid not null,
    contact_id uuid not null,
    captured_on date not null,
    status text not null default 'new'
        check (status in ('new', 'qualified', 'disqualified', 'converted')),
    notes text check (char_length(notes) <= 4000),
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    unique (org_id, event_id, contact_id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade,
    foreign key (org_id, contact_id) references contacts (org_id, id) on delete cascade
);
create index leads_event_idx on leads (org_id, event_id);

create table meetings (
    org_id uuid not null,
    id uuid not null default gen_random_uuid(),
    event_id uuid not null,
    contact_id uuid,
    title text not null check (char_length(title) between 1 and 300),
    account text check (char_length(account) <= 200),
    held_on date not null,
    status text not null default 'planned'
        check (status in ('planned', 'held', 'no_show', 'cancelled')),
    notes text check (char_length(notes) <= 4000),
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade,
    foreign key (org_id, contact_id) references contacts (org_id, id) on delete set null (contact_id)
);
create index meetings_event_idx on meetings (org_id, event_id, held_on);

-- An opportunity as the CRM knows it, identified by the CRM and its id there, so that a later
-- export of the same CRM updates it.
create table opportunities (
    org_id uuid not null references organizations (id) on delete cascade,
    id uuid not null default gen_random_uuid(),
    crm text not null default 'other' check (crm in ('salesforce', 'hubspot', 'other')),
    external_id text not null check (char_length(external_id) between 1 and 200),
    name text not null check (char_length(name) between 1 and 300),
    account text check (char_length(account) <= 200),
    amount_minor bigint not null check (amount_minor between 0 and 1000000000000000),
    currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
    stage text not null check (char_length(stage) between 1 and 100),
    is_closed boolean not null default false,
    is_won boolean not null default false,
    close_date date,
    source text not null default 'typed' check (source in ('typed', 'imported', 'demo')),
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    unique (org_id, crm, external_id),
    check (is_closed or not is_won)
);

-- How an opportunity is owed to an event. A sourced one counts in full; an influenced one
-- counts with its weight, or with the organization's formula default when weight_percent is
-- NULL.
create table event_opportunities (
    org_id uuid not null,
    id uuid not null default gen_random_uuid(),
    event_id uuid not null,
    opportunity_id uuid not null,
    attribution text not null check (attribution in ('sourced', 'influenced')),
    weight_percent smallint check (weight_percent between 0 and 100),
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    unique (org_id, event_id, opportunity_id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade,
    foreign key (org_id, opportunity_id) references opportunities (org_id, id) on delete cascade,
    check (attribution = 'influenced' or weight_percent is null)
);
create index event_opportunities_opportunity_idx
    on event_opportunities (org_id, opportunity_id);

-- Speakers' contact details are personal data, like contacts'.
create table speakers (
    org_id uuid not null,
    id uuid not null default gen_random_uuid(),
    event_id uuid not null,
    full_name text not null check (char_length(full_name) between 1 and 200),
    job_title text check (char_length(job_title) <= 200),
    company text check (char_length(company) <= 200),
    email text check (char_length(email) between 3 and 254),
    talk_title text check (char_length(talk_title) <= 300),
    status text not null default 'invited'
        check (status in ('invited', 'confirmed', 'declined', 'delivered')),
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade
);
create index speakers_event_idx on speakers (org_id, event_id);

-- One row per event: the attendee target and what happened. `engaged` counts attendees who did
-- more than walk past (booth scans, session questions, demo sign-ups), for the ROX score.
create table attendance (
    org_id uuid not null,
    event_id uuid not null,
    target integer check (target between 0 and 1000000000),
    registered integer check (registered between 0 and 1000000000),
    attended integer check (attended between 0 and 1000000000),
    no_shows integer check (no_shows between 0 and 1000000000),
    engaged integer check (engaged between 0 and 1000000000),
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, event_id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade,
    check (attended is null or engaged is null or engaged <= attended)
);

-- One attendee's answer on a 1-to-5 scale.
create table feedback (
    org_id uuid not null,
    id uuid not null default gen_random_uuid(),
    event_id uuid not null,
    rating smallint not null check (rating between 1 and 5),
    comment text check (char_length(comment) <= 4000),
    submitted_on date not null,
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade
);
create index feedback_event_idx on feedback (org_id, event_id);

-- Links and files that document an outcome (a recap deck, booth photos, the sponsor report).
create table proof (
    org_id uuid not null,
    id uuid not null default gen_random_uuid(),
    event_id uuid not null,
    kind text not null default 'link' check (kind in ('link', 'file')),
    title text not null check (char_length(title) between 1 and 300),
    url text not null check (char_length(url) <= 2000 and url ~ '^https?://'),
    captured_on date not null,
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade
);
create index proof_event_idx on proof (org_id, event_id);

-- Rates the organization entered: one unit of from_currency is numerator / denominator units of
-- to_currency, from effective_on until a later rate of the same pair.
create table exchange_rates (
    org_id uuid not null references organizations (id) on delete cascade,
    id uuid not null default gen_random_uuid(),
    from_currency char(3) not null check (from_currency ~ '^[A-Z]{3}$'),
    to_currency char(3) not null check (to_currency ~ '^[A-Z]{3}$'),
    effective_on date not null,
    numerator bigint not null check (numerator between 1 and 1000000000000),
    denominator bigint not null check (denominator between 1 and 1000000000000),
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    unique (org_id, from_currency, to_currency, effective_on),
    check (from_currency <> to_currency)
);

-- Every version of an organization's scoring formula, kept so that a stored score can always
-- be explained by the weights it was computed with. Versions are never changed.
create table scoring_formulas (
    org_id uuid not null references organizations (id) on delete cascade,
    version integer not null check (version >= 2),
    weights jsonb not null,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    primary key (org_id, version)
);

-- The latest scores of each event, with the formula version they were computed with, the
-- whole scorecard (breakdown, missing inputs, ROI and ROX) and the tier recommendation.
create table event_scores (
    org_id uuid not null,
    event_id uuid not null,
    formula_version integer not null check (formula_version >= 1),
    computed_at timestamptz not null default now(),
    computed_for date not null,
    pre_event smallint not null check (pre_event between 0 and 100),
    efficiency smallint not null check (efficiency between 0 and 100),
    post_event smallint not null check (post_event between 0 and 100),
    combined smallint not null check (combined between 0 and 100),
    rox smallint not null check (rox between 0 and 100),
    tier text not null check (tier in ('tier_1', 'tier_2', 'tier_3', 'cut')),
    decision text not null check (decision in ('repeat', 'adjust', 'cut')),
    scorecard jsonb not null,
    recommendation jsonb not null,
    primary key (org_id, event_id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade
);
create index event_scores_combined_idx on event_scores (org_id, combined);

-- Row-level security on every new table, with the policy every tenant table has.
do $$
declare
    t text;
begin
    foreach t in array array['event_roles', 'milestones', 'tasks', 'contacts', 'leads',
                             'meetings', 'opportunities', 'event_opportunities', 'speakers',
                             'attendance', 'feedback', 'proof', 'exchange_rates',
                             'scoring_formulas', 'event_scores'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy %I on %I using (org_id = app_org()) '
                       'with check (org_id = app_org())', t || '_tenant', t);
    end loop;
end
$$;

grant select, insert, update, delete on event_roles, milestones, tasks, contacts, leads,
    meetings, opportunities, event_opportunities, speakers, attendance, feedback, proof,
    exchange_rates, event_scores to dott_app;
-- A formula version, once written, explains stored scores: it is never changed or removed.
grant select, insert on scoring_formulas to dott_app;
