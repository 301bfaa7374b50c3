-- An event's budget: a planned total in one currency that can be locked, and an approval
-- state for every line item.

alter table events
    add column budget_planned_minor bigint
        check (budget_planned_minor between -1000000000000000 and 1000000000000000),
    add column budget_currency char(3) check (budget_currency ~ '^[A-Z]{3}$'),
    add column budget_locked_at timestamptz,
    add column budget_locked_by uuid references users (id) on delete set null,
    add constraint events_budget_total_has_currency
        check ((budget_planned_minor is null) = (budget_currency is null)),
    add constraint events_budget_lock_needs_total
        check (budget_locked_at is null or budget_planned_minor is not null);

alter table budget_line_items
    add column approval text not null default 'draft'
        check (approval in ('draft', 'submitted', 'approved', 'rejected'));
