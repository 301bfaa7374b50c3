-- Core schema: organizations, accounts, memberships, events, budget line items, audit log.
-- Applied as dott_owner. dott_app receives only the grants below and owns nothing.

revoke all on schema public from public;
grant usage on schema public to dott_app;

-- The organization and user of the current transaction. Unset or empty settings read as NULL,
-- and NULL matches no row, so a transaction that forgot to set its tenant sees nothing.
create function app_org() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.org_id', true), '')::uuid $$;

create function app_user() returns uuid
    language sql stable
    as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

revoke all on function app_org() from public;
revoke all on function app_user() from public;
grant execute on function app_org() to dott_app;
grant execute on function app_user() to dott_app;

-- Accounts are global: a person signs in before any organization is chosen.
create table users (
    id uuid primary key default gen_random_uuid(),
    email text not null unique check (char_length(email) between 3 and 254),
    display_name text not null default '' check (char_length(display_name) <= 200),
    password_hash text not null,
    created_at timestamptz not null default now()
);

-- Only a SHA-256 digest of the session token is stored; the token lives in the cookie.
create table sessions (
    token_digest bytea primary key check (octet_length(token_digest) = 32),
    user_id uuid not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz
);
create index sessions_user_idx on sessions (user_id);

create table organizations (
    id uuid primary key,
    name text not null check (char_length(name) between 1 and 200),
    reporting_currency char(3) not null default 'USD' check (reporting_currency ~ '^[A-Z]{3}$'),
    created_at timestamptz not null default now()
);

create table memberships (
    org_id uuid not null references organizations (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    role text not null check (role in ('owner', 'admin', 'editor', 'viewer')),
    created_at timestamptz not null default now(),
    primary key (org_id, user_id)
);
create index memberships_user_idx on memberships (user_id, org_id);

create table events (
    org_id uuid not null references organizations (id) on delete cascade,
    id uuid not null default gen_random_uuid(),
    name text not null check (char_length(name) between 1 and 300),
    type text not null default 'conference' check (type in ('conference', 'trade_show',
        'sponsorship', 'hosted_dinner', 'field_event', 'webinar', 'offsite', 'other')),
    status text not null default 'idea' check (status in ('idea', 'planning', 'confirmed',
        'live', 'completed', 'reported')),
    tier smallint check (tier between 1 and 3),
    series text check (char_length(series) <= 300),
    owner_user_id uuid references users (id) on delete set null,
    starts_on date not null,
    ends_on date not null,
    time_zone text not null default 'UTC' check (char_length(time_zone) between 1 and 64),
    city text check (char_length(city) <= 200),
    country text check (char_length(country) <= 100),
    venue text check (char_length(venue) <= 300),
    online boolean not null default false,
    url text check (char_length(url) <= 2000),
    topics text[] not null default '{}',
    source text not null default 'typed' check (source in ('typed', 'imported', 'demo')),
    source_key text check (char_length(source_key) <= 600),
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    check (ends_on >= starts_on)
);
create index events_org_start_idx on events (org_id, starts_on, id);
create unique index events_org_source_key_idx on events (org_id, source_key)
    where source_key is not null;

create table budget_line_items (
    org_id uuid not null,
    id uuid not null default gen_random_uuid(),
    event_id uuid not null,
    category text not null check (char_length(category) between 1 and 100),
    description text not null default '' check (char_length(description) <= 1000),
    vendor text check (char_length(vendor) <= 200),
    currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
    planned_minor bigint not null default 0,
    committed_minor bigint not null default 0,
    actual_minor bigint not null default 0,
    source text not null default 'typed' check (source in ('typed', 'imported', 'demo')),
    version integer not null default 1,
    created_by uuid references users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (org_id, id),
    unique (id),
    foreign key (org_id, event_id) references events (org_id, id) on delete cascade
);
create index budget_line_items_event_idx on budget_line_items (org_id, event_id);

-- Append-only: the application may insert and read, never change or remove.
create table audit_log (
    org_id uuid not null references organizations (id) on delete cascade,
    id bigint generated always as identity,
    at timestamptz not null default now(),
    actor_user_id uuid,
    action text not null check (char_length(action) between 1 and 100),
    target_type text,
    target_id text,
    detail jsonb not null default '{}',
    primary key (org_id, id)
);
create index audit_log_org_at_idx on audit_log (org_id, at);

create function refuse_audit_change() returns trigger
    language plpgsql
    as $$ begin raise exception 'audit_log is append-only'; end $$;
create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_audit_change();

-- Row-level security: enabled and forced on every table that carries an organization.
alter table organizations enable row level security;
alter table organizations force row level security;
alter table memberships enable row level security;
alter table memberships force row level security;
alter table events enable row level security;
alter table events force row level security;
alter table budget_line_items enable row level security;
alter table budget_line_items force row level security;
alter table audit_log enable row level security;
alter table audit_log force row level security;

-- A member may see the organizations they belong to (the switcher) and its own memberships;
-- everything else is visible only inside the organization set for the transaction.
create policy organizations_read on organizations for select
    using (id = app_org()
           or id in (select m.org_id from memberships m where m.user_id = app_user()));
create policy organizations_insert on organizations for insert with check (id = app_org());
create policy organizations_update on organizations for update
    using (id = app_org()) with check (id = app_org());
create policy memberships_read on memberships for select
    using (org_id = app_org() or user_id = app_user());
create policy memberships_insert on memberships for insert with check (org_id = app_org());
create policy memberships_update on memberships for update
    using (org_id = app_org()) with check (org_id = app_org());
create policy memberships_delete on memberships for delete using (org_id = app_org());
create policy events_tenant on events
    using (org_id = app_org()) with check (org_id = app_org());
create policy budget_line_items_tenant on budget_line_items
    using (org_id = app_org()) with check (org_id = app_org());
create policy audit_log_tenant on audit_log
    using (org_id = app_org()) with check (org_id = app_org());

grant select, insert, update, delete on users, sessions to dott_app;
grant select, insert, update on organizations to dott_app;
grant select, insert, update, delete on memberships, events, budget_line_items to dott_app;
grant select, insert on audit_log to dott_app;
