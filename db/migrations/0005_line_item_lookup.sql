-- An import looks each budget line up by its event and import key. An index of both, after the
-- organization, answers that lookup in one probe whatever the planner believes about how many
-- lines the organization has (a new organization is absent from the statistics, so its lines
-- look few, and an index of the event alone then seemed as good while the import made it scan
-- every line of the organization per row). It also serves every query by event, as the index
-- it replaces did.
create index budget_line_items_event_key_idx on budget_line_items (org_id, event_id, import_key);
drop index budget_line_items_event_idx;
