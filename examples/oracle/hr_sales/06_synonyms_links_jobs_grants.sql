--------------------------------------------------------
--  Synonyms, database links, scheduler jobs and grants
--------------------------------------------------------
SET DEFINE OFF

PROMPT Synonyms

CREATE OR REPLACE PUBLIC SYNONYM employees FOR hr.employees;
CREATE OR REPLACE SYNONYM sales.emp FOR hr.employees;
CREATE OR REPLACE SYNONYM sales.remote_rates FOR finance.fx_rates@finance_link;

PROMPT Database links (private links belong to the user who creates them)

CONNECT sales

CREATE DATABASE LINK finance_link
    CONNECT TO fin_reader IDENTIFIED BY "Fin#Reader2024"
    USING '(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=fin-db.corp.example.com)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=FINPRD)))';

PROMPT Scheduler jobs

BEGIN
    DBMS_SCHEDULER.CREATE_JOB (
        job_name        => 'SALES.REFRESH_MV_JOB',
        job_type        => 'PLSQL_BLOCK',
        job_action      => 'BEGIN sales.refresh_monthly_sales; END;',
        start_date      => SYSTIMESTAMP,
        repeat_interval => 'FREQ=DAILY;BYHOUR=2;BYMINUTE=0',
        enabled         => TRUE,
        comments        => 'Nightly refresh of SALES.MONTHLY_SALES_MV');
END;
/

DECLARE
    v_job BINARY_INTEGER;
BEGIN
    DBMS_JOB.SUBMIT(v_job, 'hr.purge_audit(90);', SYSDATE, 'TRUNC(SYSDATE) + 1 + 3/24');
    COMMIT;
END;
/

PROMPT Grants

GRANT SELECT ON hr.employees TO sales;
GRANT SELECT, REFERENCES ON hr.employees TO sales WITH GRANT OPTION;
GRANT SELECT ON hr.emp_details_view TO reporting_role;
GRANT EXECUTE ON hr.payroll_pkg TO payroll_app;
GRANT SELECT, INSERT, UPDATE ON sales.orders TO order_entry_role;

@@07_post_install.sql
