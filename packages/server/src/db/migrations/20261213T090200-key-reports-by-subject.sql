-- Reports are distributed by what they report (docs/scaling.md), not by their
-- reporter: the keyword filter files reports with none, and every report of a
-- target is read, merged and resolved together (the moderation queue, a held
-- text's report). The primary key includes subject_id so each shard can check
-- it alone; the one-open-report-per-reporter unique already names it.
alter table reports drop constraint reports_pkey;
alter table reports add primary key (subject_id, id);
