-- Issue 15: the feed's visibility guard (see Postgres/0019_feed_visibility.sql). SQLite has one writer at a time and
-- assigns event ids in commit order, so a reader can never see event 10 before event 9 commits: nothing to add here.
SELECT 1;
