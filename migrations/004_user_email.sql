-- An e-mail address per account, for reminders of unanswered rounds.
ALTER TABLE app_user ADD COLUMN email TEXT NOT NULL DEFAULT '';
