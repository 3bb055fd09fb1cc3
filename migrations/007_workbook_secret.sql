-- The secret that signs the keys of section workbooks (課の回答用Excel), so
-- that an upload can tell a row the program wrote from one altered or made
-- up. One row at most; the program makes the secret from a random source at
-- first use, because SQL has no portable one, and never replaces it (a new
-- secret would refuse every workbook already handed out).
CREATE TABLE workbook_secret (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
);
