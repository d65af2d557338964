-- Cards gained safety information for attendees and a record of break-glass uses (information
-- governance). Cards projected before then have none of either; their first events are read the same way.
UPDATE `cases` SET `card` = json_set(`card`, '$.safety', json('{"weapons":false,"violence":false,"addressHazards":false,"note":""}')) WHERE json_type(`card`, '$.safety') IS NULL;
--> statement-breakpoint
UPDATE `cases` SET `card` = json_set(`card`, '$.breakGlass', json('[]')) WHERE json_type(`card`, '$.breakGlass') IS NULL;
