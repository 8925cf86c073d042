-- What the sender signed, kept with a received envelope so that it verifies alone later (JWS or batch signature).
ALTER TABLE exchange_inbox ADD COLUMN evidence TEXT;
