-- An event's dates fall within the years people plan in, 1900 to 2200, as the domain checks
-- before a write: a date beyond them is a typing error, and the instants derived from it
-- would need a five-digit year. The end is not before the start (0001), so bounding the start
-- from below and the end from above bounds both.
alter table events
    add constraint events_dates_within_years
        check (starts_on >= date '1900-01-01' and ends_on <= date '2200-12-31');
