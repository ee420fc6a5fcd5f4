-- The catalogue's indicators by id with the short French name readers know them by
-- (`short_label`, else `label`), so that the report's annex says « AED » where a reconciliation
-- note cites the DREES variable `TotBenefAED`. Longest ids first: an id that starts another is
-- replaced after it.
SELECT id, COALESCE(NULLIF(short_label, ''), label) AS name
FROM indicators
ORDER BY length(id) DESC, id
