-- Tariff advice a trader asked for on a declaration (issue 13 item 4, docs/tariffs.md): one row per declaration,
-- replaced when asked again. advice_json is the list of ItemAdvice (Landsea.Tariffs, web JSON); amounts are decimals.
-- advice_date is the date the rates were taken for (the declaration's lodging day, yyyy-MM-dd).
CREATE TABLE declaration_advice (
    mrn TEXT PRIMARY KEY,
    asked_by TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    advice_date TEXT NOT NULL,
    item_count INTEGER NOT NULL,
    advice_json TEXT NOT NULL
);
