-- When a report arrived ("ngày đến") and its incoming number ("số đến"), beside the upload time.
-- Officials upload in batches days after a report came through the document system, so timeliness
-- is judged on arrived_on, never on received_at (which stays the upload time). Files stored before
-- this step arrived, as far as anyone recorded, on the day they were uploaded.
ALTER TABLE files ADD COLUMN arrived_on DATE;
ALTER TABLE files ADD COLUMN incoming_number VARCHAR;
UPDATE files SET arrived_on = CAST(received_at AS DATE);
