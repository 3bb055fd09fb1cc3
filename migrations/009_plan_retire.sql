-- Directions and initiatives retired from a fiscal year: the sheets of that
-- year and later leave them out, earlier years keep them with their answers.
ALTER TABLE direction ADD COLUMN retired_fy INTEGER;
ALTER TABLE initiative ADD COLUMN retired_fy INTEGER;
