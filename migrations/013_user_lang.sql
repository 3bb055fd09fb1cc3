-- The interface language each person chose (ja or en); a page's ?lang=
-- still overrides it for that page.
ALTER TABLE app_user ADD COLUMN lang TEXT NOT NULL DEFAULT 'ja' CHECK (lang IN ('ja', 'en'));
