-- An issue brought in from a tracker keeps the address of its original there (shown on the pages,
-- exported); null for an issue typed in. http(s) only, checked before it is stored.
ALTER TABLE issue ADD COLUMN link VARCHAR(500);
