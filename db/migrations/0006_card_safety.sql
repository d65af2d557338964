-- Cards gained safety information for attendees (issue: information governance). Cards projected
-- before it have none recorded; their first events are read the same way (shared/rules/case-lifecycle).
UPDATE `cases` SET `card` = json_set(`card`, '$.safety', json('{"weapons":false,"violence":false,"addressHazards":false,"note":""}')) WHERE json_type(`card`, '$.safety') IS NULL;
