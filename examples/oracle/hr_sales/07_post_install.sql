REM post-install: statistics and a check, nothing to migrate
SET SERVEROUTPUT ON
EXEC DBMS_STATS.GATHER_SCHEMA_STATS('HR');
EXEC DBMS_STATS.GATHER_SCHEMA_STATS('SALES');
PROMPT Install complete
EXIT
