-- Rounds made by an import (never opened in the program) hold answers that
-- were published before: they stay visible to everyone, as they were.
UPDATE round SET published = 2 WHERE opened_at IS NULL;
