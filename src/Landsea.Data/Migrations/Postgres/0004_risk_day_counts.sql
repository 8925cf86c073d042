-- Running counts of risk decisions per office and local day, kept with each decision, so that choosing a channel
-- reads one row instead of counting the whole day's decisions (which grew with every declaration of the day).
CREATE TABLE risk_day_counts (
    office_code TEXT NOT NULL,
    local_day TEXT NOT NULL,
    decided BIGINT NOT NULL,
    red BIGINT NOT NULL,
    random BIGINT NOT NULL,
    yellow BIGINT NOT NULL,
    PRIMARY KEY (office_code, local_day)
);
INSERT INTO risk_day_counts (office_code, local_day, decided, red, random, yellow)
SELECT office_code, local_day, COUNT(*),
       SUM(CASE WHEN channel = 'Red' AND basis = 'Score' THEN 1 ELSE 0 END),
       SUM(CASE WHEN basis = 'Random' THEN 1 ELSE 0 END),
       SUM(CASE WHEN channel = 'Yellow' AND basis = 'Score' THEN 1 ELSE 0 END)
FROM risk_decisions GROUP BY office_code, local_day;
