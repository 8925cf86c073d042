-- Issue 14 item 6: published foreign-trade aggregates (provincial press releases, data/provincial-trade), owned by
-- Data/Statistics (OfficialTradeStore). Figures are kept as the exact decimal text of the source (billions of yuan,
-- growth in percent); empty when the source does not give them. value_status says reported, derived, partial...
-- One row per region, year and period; loading a file replaces the rows it names, in one transaction.
CREATE TABLE official_trade (
    region TEXT NOT NULL,
    region_zh TEXT NULL,
    year INTEGER NOT NULL,
    period TEXT NOT NULL,
    total_bn TEXT NULL,
    exports_bn TEXT NULL,
    imports_bn TEXT NULL,
    total_yoy_pct TEXT NULL,
    exports_yoy_pct TEXT NULL,
    imports_yoy_pct TEXT NULL,
    value_status TEXT NOT NULL,
    source_url TEXT NULL,
    source_note TEXT NULL,
    source_file TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    PRIMARY KEY (region, year, period)
);
CREATE INDEX official_trade_year ON official_trade (year, period);
