-- The data's version: one number that every change to what pages show moves
-- on, in the same transaction, whatever process or statement made it. A
-- rendered page is kept (pages/page_cache.c) under the version it was made
-- at and served again only while the version is the same, so no page is ever
-- stale. The token tells databases apart (tests open many; a copy restored
-- elsewhere starts a new count).
--
-- Every table moves it except those no kept page shows and that change on
-- reads: sessions, login failures, API tokens (last use), the audit log and
-- the workbook secret. A new table gets its triggers in its own migration;
-- test_page_cache fails if one is missing.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    token TEXT NOT NULL,
    n INTEGER NOT NULL
);
-- @only sqlite
INSERT INTO data_version (id, token, n) VALUES (1, lower(hex(randomblob(16))), 0);
-- @end
-- @only postgresql
INSERT INTO data_version (id, token, n) VALUES (1, md5(random()::text || clock_timestamp()::text), 0);
CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version SET n = n + 1;
    RETURN NULL;
END $$;
-- @end
-- @only sqlite
CREATE TRIGGER data_version_app_user_i AFTER INSERT ON app_user BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_app_user_u AFTER UPDATE ON app_user BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_app_user_d AFTER DELETE ON app_user BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_direction_i AFTER INSERT ON direction BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_direction_u AFTER UPDATE ON direction BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_direction_d AFTER DELETE ON direction BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_field_def_i AFTER INSERT ON field_def BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_field_def_u AFTER UPDATE ON field_def BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_field_def_d AFTER DELETE ON field_def BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_import_mapping_i AFTER INSERT ON import_mapping BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_import_mapping_u AFTER UPDATE ON import_mapping BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_import_mapping_d AFTER DELETE ON import_mapping BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_import_upload_i AFTER INSERT ON import_upload BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_import_upload_u AFTER UPDATE ON import_upload BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_import_upload_d AFTER DELETE ON import_upload BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_indicator_i AFTER INSERT ON indicator BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_indicator_u AFTER UPDATE ON indicator BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_indicator_d AFTER DELETE ON indicator BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_i AFTER INSERT ON initiative BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_u AFTER UPDATE ON initiative BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_d AFTER DELETE ON initiative BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_bureau_i AFTER INSERT ON initiative_bureau BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_bureau_u AFTER UPDATE ON initiative_bureau BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_bureau_d AFTER DELETE ON initiative_bureau BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_project_i AFTER INSERT ON initiative_project BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_project_u AFTER UPDATE ON initiative_project BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_project_d AFTER DELETE ON initiative_project BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_tag_i AFTER INSERT ON initiative_tag BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_tag_u AFTER UPDATE ON initiative_tag BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_initiative_tag_d AFTER DELETE ON initiative_tag BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_org_unit_i AFTER INSERT ON org_unit BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_org_unit_u AFTER UPDATE ON org_unit BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_org_unit_d AFTER DELETE ON org_unit BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_org_unit_period_i AFTER INSERT ON org_unit_period BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_org_unit_period_u AFTER UPDATE ON org_unit_period BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_org_unit_period_d AFTER DELETE ON org_unit_period BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_plan_i AFTER INSERT ON plan BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_plan_u AFTER UPDATE ON plan BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_plan_d AFTER DELETE ON plan BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_plan_document_i AFTER INSERT ON plan_document BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_plan_document_u AFTER UPDATE ON plan_document BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_plan_document_d AFTER DELETE ON plan_document BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_plan_level_i AFTER INSERT ON plan_level BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_plan_level_u AFTER UPDATE ON plan_level BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_plan_level_d AFTER DELETE ON plan_level BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_project_i AFTER INSERT ON project BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_project_u AFTER UPDATE ON project BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_project_d AFTER DELETE ON project BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_project_section_past_i AFTER INSERT ON project_section_past BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_project_section_past_u AFTER UPDATE ON project_section_past BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_project_section_past_d AFTER DELETE ON project_section_past BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_rating_grade_i AFTER INSERT ON rating_grade BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_rating_grade_u AFTER UPDATE ON rating_grade BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_rating_grade_d AFTER DELETE ON rating_grade BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_rating_scale_i AFTER INSERT ON rating_scale BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_rating_scale_u AFTER UPDATE ON rating_scale BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_rating_scale_d AFTER DELETE ON rating_scale BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_i AFTER INSERT ON response BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_u AFTER UPDATE ON response BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_d AFTER DELETE ON response BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_event_i AFTER INSERT ON response_event BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_event_u AFTER UPDATE ON response_event BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_event_d AFTER DELETE ON response_event BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_value_i AFTER INSERT ON response_value BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_value_u AFTER UPDATE ON response_value BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_value_d AFTER DELETE ON response_value BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_value_version_i AFTER INSERT ON response_value_version BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_value_version_u AFTER UPDATE ON response_value_version BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_response_value_version_d AFTER DELETE ON response_value_version BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_round_i AFTER INSERT ON round BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_round_u AFTER UPDATE ON round BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_round_d AFTER DELETE ON round BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_round_field_i AFTER INSERT ON round_field BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_round_field_u AFTER UPDATE ON round_field BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_round_field_d AFTER DELETE ON round_field BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_round_project_i AFTER INSERT ON round_project BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_round_project_u AFTER UPDATE ON round_project BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_round_project_d AFTER DELETE ON round_project BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_tag_i AFTER INSERT ON tag BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_tag_u AFTER UPDATE ON tag BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_tag_d AFTER DELETE ON tag BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_tag_group_i AFTER INSERT ON tag_group BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_tag_group_u AFTER UPDATE ON tag_group BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_tag_group_d AFTER DELETE ON tag_group BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_user_grant_i AFTER INSERT ON user_grant BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_user_grant_u AFTER UPDATE ON user_grant BEGIN UPDATE data_version SET n = n + 1; END;
CREATE TRIGGER data_version_user_grant_d AFTER DELETE ON user_grant BEGIN UPDATE data_version SET n = n + 1; END;
-- @end
-- @only postgresql
CREATE TRIGGER data_version_app_user AFTER INSERT OR UPDATE OR DELETE ON app_user FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_direction AFTER INSERT OR UPDATE OR DELETE ON direction FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_field_def AFTER INSERT OR UPDATE OR DELETE ON field_def FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_import_mapping AFTER INSERT OR UPDATE OR DELETE ON import_mapping FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_import_upload AFTER INSERT OR UPDATE OR DELETE ON import_upload FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_indicator AFTER INSERT OR UPDATE OR DELETE ON indicator FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_initiative AFTER INSERT OR UPDATE OR DELETE ON initiative FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_initiative_bureau AFTER INSERT OR UPDATE OR DELETE ON initiative_bureau FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_initiative_project AFTER INSERT OR UPDATE OR DELETE ON initiative_project FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_initiative_tag AFTER INSERT OR UPDATE OR DELETE ON initiative_tag FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_org_unit AFTER INSERT OR UPDATE OR DELETE ON org_unit FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_org_unit_period AFTER INSERT OR UPDATE OR DELETE ON org_unit_period FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_plan AFTER INSERT OR UPDATE OR DELETE ON plan FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_plan_document AFTER INSERT OR UPDATE OR DELETE ON plan_document FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_plan_level AFTER INSERT OR UPDATE OR DELETE ON plan_level FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_project AFTER INSERT OR UPDATE OR DELETE ON project FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_project_section_past AFTER INSERT OR UPDATE OR DELETE ON project_section_past FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_rating_grade AFTER INSERT OR UPDATE OR DELETE ON rating_grade FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_rating_scale AFTER INSERT OR UPDATE OR DELETE ON rating_scale FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_response AFTER INSERT OR UPDATE OR DELETE ON response FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_response_event AFTER INSERT OR UPDATE OR DELETE ON response_event FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_response_value AFTER INSERT OR UPDATE OR DELETE ON response_value FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_response_value_version AFTER INSERT OR UPDATE OR DELETE ON response_value_version FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_round AFTER INSERT OR UPDATE OR DELETE ON round FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_round_field AFTER INSERT OR UPDATE OR DELETE ON round_field FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_round_project AFTER INSERT OR UPDATE OR DELETE ON round_project FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_tag AFTER INSERT OR UPDATE OR DELETE ON tag FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_tag_group AFTER INSERT OR UPDATE OR DELETE ON tag_group FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_user_grant AFTER INSERT OR UPDATE OR DELETE ON user_grant FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
-- @end
