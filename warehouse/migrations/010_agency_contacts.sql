-- A registry row's contact for the reminder list and the công văn đôn đốc (issue 3/7): the
-- unit's phone and e-mail as the registry CSV gives them; NULL while unknown ("chưa có").
ALTER TABLE agencies ADD COLUMN phone VARCHAR;
ALTER TABLE agencies ADD COLUMN email VARCHAR;
