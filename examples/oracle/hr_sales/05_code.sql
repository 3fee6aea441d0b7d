REM ----------------------------------------------------------------------
REM  PL/SQL: types, packages, procedures, functions, triggers
REM  Every block ends with "/" on its own line, as SQL*Plus requires.
REM ----------------------------------------------------------------------
SET DEFINE OFF
SET SERVEROUTPUT ON SIZE UNLIMITED

PROMPT Types

CREATE OR REPLACE TYPE hr.t_emp_row AS OBJECT (
    employee_id  NUMBER(6),
    full_name    VARCHAR2(60),
    salary       NUMBER(8,2),
    MEMBER FUNCTION yearly RETURN NUMBER
);
/

CREATE OR REPLACE TYPE BODY hr.t_emp_row AS
    MEMBER FUNCTION yearly RETURN NUMBER IS
    BEGIN
        RETURN salary * 12;
    END yearly;
END;
/

CREATE OR REPLACE TYPE hr.t_emp_tab AS TABLE OF hr.t_emp_row;
/

PROMPT Package HR.PAYROLL_PKG

CREATE OR REPLACE PACKAGE hr.payroll_pkg AS
    -- package state: survives across calls in one session
    g_run_id        NUMBER := 0;
    g_rows_done     PLS_INTEGER := 0;
    c_max_raise     CONSTANT NUMBER := 0.25;

    TYPE t_id_list IS TABLE OF hr.employees.employee_id%TYPE;

    e_raise_too_big EXCEPTION;
    PRAGMA EXCEPTION_INIT(e_raise_too_big, -20010);

    PROCEDURE give_raise(p_employee_id IN NUMBER, p_pct IN NUMBER);
    PROCEDURE run_payroll(p_department_id IN NUMBER DEFAULT NULL);
    FUNCTION  net_pay(p_employee_id IN NUMBER) RETURN NUMBER;
    FUNCTION  employees_of(p_department_id IN NUMBER) RETURN hr.t_emp_tab PIPELINED;
END payroll_pkg;
/

CREATE OR REPLACE PACKAGE BODY hr.payroll_pkg AS

    PROCEDURE log_event(p_message IN VARCHAR2) IS
        PRAGMA AUTONOMOUS_TRANSACTION;
    BEGIN
        INSERT INTO hr.audit_log (audit_id, table_name, action, details)
        VALUES (hr.audit_seq.NEXTVAL, 'PAYROLL', 'I',
                XMLTYPE('<event run="' || g_run_id || '">' || p_message || '</event>'));
        COMMIT;
    END log_event;

    PROCEDURE give_raise(p_employee_id IN NUMBER, p_pct IN NUMBER) IS
        v_salary hr.employees.salary%TYPE;
    BEGIN
        IF p_pct > c_max_raise THEN
            RAISE_APPLICATION_ERROR(-20010, 'raise of ' || p_pct * 100 || '% exceeds the cap');
        END IF;
        SELECT salary INTO v_salary FROM hr.employees WHERE employee_id = p_employee_id FOR UPDATE;
        UPDATE hr.employees SET salary = v_salary * (1 + p_pct) WHERE employee_id = p_employee_id;
        log_event('raise ' || p_employee_id || ' by ' || p_pct);
    EXCEPTION
        WHEN NO_DATA_FOUND THEN
            RAISE_APPLICATION_ERROR(-20011, 'no employee ' || p_employee_id);
    END give_raise;

    PROCEDURE run_payroll(p_department_id IN NUMBER DEFAULT NULL) IS
        v_ids    t_id_list;
        v_gross  DBMS_SQL.NUMBER_TABLE;
        CURSOR c_emps IS
            SELECT employee_id, salary * (1 + NVL(commission_pct, 0)) AS gross
              FROM hr.employees
             WHERE department_id = NVL(p_department_id, department_id);
    BEGIN
        g_run_id := g_run_id + 1;
        OPEN c_emps;
        LOOP
            FETCH c_emps BULK COLLECT INTO v_ids, v_gross LIMIT 500;
            EXIT WHEN v_ids.COUNT = 0;
            FORALL i IN 1 .. v_ids.COUNT
                INSERT INTO hr.payroll_stage (employee_id, gross_pay, computed_at)
                VALUES (v_ids(i), v_gross(i), SYSDATE);
            g_rows_done := g_rows_done + v_ids.COUNT;
        END LOOP;
        CLOSE c_emps;
        DBMS_OUTPUT.PUT_LINE('payroll run ' || g_run_id || ': ' || g_rows_done || ' rows');
        COMMIT;
    EXCEPTION
        WHEN OTHERS THEN
            ROLLBACK;
            log_event('payroll failed: ' || SQLERRM);
            RAISE;
    END run_payroll;

    FUNCTION net_pay(p_employee_id IN NUMBER) RETURN NUMBER IS
        v_gross NUMBER;
    BEGIN
        SELECT gross_pay INTO v_gross FROM hr.payroll_stage WHERE employee_id = p_employee_id;
        RETURN ROUND(v_gross * 0.7, 2);
    EXCEPTION
        WHEN OTHERS THEN
            NULL;
    END net_pay;

    FUNCTION employees_of(p_department_id IN NUMBER) RETURN hr.t_emp_tab PIPELINED IS
    BEGIN
        FOR r IN (SELECT employee_id, first_name || ' ' || last_name AS full_name, salary
                    FROM hr.employees WHERE department_id = p_department_id) LOOP
            PIPE ROW (hr.t_emp_row(r.employee_id, r.full_name, r.salary));
        END LOOP;
        RETURN;
    END employees_of;

END payroll_pkg;
/

PROMPT Procedures and functions

CREATE OR REPLACE PROCEDURE hr.add_job_history (
    p_emp_id          IN job_history.employee_id%TYPE,
    p_start_date      IN job_history.start_date%TYPE,
    p_end_date        IN job_history.end_date%TYPE,
    p_job_id          IN job_history.job_id%TYPE,
    p_department_id   IN job_history.department_id%TYPE
) IS
BEGIN
    INSERT INTO hr.job_history (employee_id, start_date, end_date, job_id, department_id)
    VALUES (p_emp_id, p_start_date, p_end_date, p_job_id, p_department_id);
END add_job_history;
/

CREATE OR REPLACE PROCEDURE hr.purge_audit (p_days IN NUMBER DEFAULT 90) AS
    v_sql   VARCHAR2(400);
    v_count NUMBER;
BEGIN
    v_sql := 'DELETE FROM hr.audit_log WHERE changed_at < SYSTIMESTAMP - NUMTODSINTERVAL(:d, ''DAY'')';
    EXECUTE IMMEDIATE v_sql USING p_days;
    v_count := SQL%ROWCOUNT;
    COMMIT;
    DBMS_OUTPUT.PUT_LINE('purged ' || v_count || ' audit rows');
END purge_audit;
/

CREATE OR REPLACE FUNCTION hr.get_full_name (p_employee_id IN NUMBER) RETURN VARCHAR2 IS
    v_first hr.employees.first_name%TYPE;
    v_last  hr.employees.last_name%TYPE;
BEGIN
    SELECT first_name, last_name INTO v_first, v_last
      FROM hr.employees WHERE employee_id = p_employee_id;
    -- '' is NULL in Oracle: a missing first name yields just the last name
    IF v_first = '' OR v_first IS NULL THEN
        RETURN v_last;
    END IF;
    RETURN v_first || ' ' || v_last;
EXCEPTION
    WHEN OTHERS THEN
        RETURN NULL;
END get_full_name;
/

CREATE OR REPLACE PROCEDURE sales.upsert_price (
    p_product_id IN NUMBER,
    p_price      IN NUMBER
) AS
BEGIN
    MERGE INTO sales.products p
    USING (SELECT p_product_id AS product_id, p_price AS list_price FROM dual) s
       ON (p.product_id = s.product_id)
     WHEN MATCHED THEN UPDATE SET p.list_price = s.list_price
     WHEN NOT MATCHED THEN INSERT (product_id, sku, product_name, list_price)
          VALUES (s.product_id, 'SKU-' || s.product_id, 'Unnamed product', s.list_price);
    INSERT INTO sales.price_history (product_id, valid_from, price)
    VALUES (p_product_id, SYSTIMESTAMP, p_price);
END upsert_price;
/

CREATE OR REPLACE PROCEDURE sales.export_orders_csv (p_year IN NUMBER) IS
    v_file UTL_FILE.FILE_TYPE;
BEGIN
    v_file := UTL_FILE.FOPEN('EXPORT_DIR', 'orders_' || p_year || '.csv', 'w');
    FOR r IN (SELECT order_id, TO_CHAR(order_date, 'YYYY-MM-DD') AS d, order_total
                FROM sales.orders
               WHERE EXTRACT(YEAR FROM order_date) = p_year) LOOP
        UTL_FILE.PUT_LINE(v_file, r.order_id || ',' || r.d || ',' || r.order_total);
    END LOOP;
    UTL_FILE.FCLOSE(v_file);
EXCEPTION
    WHEN OTHERS THEN
        IF UTL_FILE.IS_OPEN(v_file) THEN
            UTL_FILE.FCLOSE(v_file);
        END IF;
        RAISE;
END export_orders_csv;
/

CREATE OR REPLACE FUNCTION sales.customer_tier (p_customer_id IN NUMBER) RETURN VARCHAR2
    DETERMINISTIC
IS
    v_total NUMBER;
BEGIN
    SELECT NVL(SUM(order_total), 0) INTO v_total
      FROM sales.orders
     WHERE customer_id = p_customer_id
       AND order_date > ADD_MONTHS(SYSDATE, -12);
    RETURN CASE WHEN v_total > 100000 THEN 'GOLD'
                WHEN v_total > 10000 THEN 'SILVER'
                ELSE 'BRONZE' END;
END customer_tier;
/

CREATE OR REPLACE PROCEDURE sales.refresh_monthly_sales AS
BEGIN
    DBMS_MVIEW.REFRESH('SALES.MONTHLY_SALES_MV', 'C');
END refresh_monthly_sales;
/

PROMPT Triggers

CREATE OR REPLACE TRIGGER hr.employees_audit_trg
    AFTER INSERT OR UPDATE OR DELETE ON hr.employees
    FOR EACH ROW
DECLARE
    v_action CHAR(1);
BEGIN
    v_action := CASE WHEN INSERTING THEN 'I' WHEN UPDATING THEN 'U' ELSE 'D' END;
    INSERT INTO hr.audit_log (audit_id, table_name, action, row_key)
    VALUES (hr.audit_seq.NEXTVAL, 'EMPLOYEES', v_action,
            UTL_RAW.CAST_FROM_NUMBER(NVL(:NEW.employee_id, :OLD.employee_id)));
END;
/

CREATE OR REPLACE TRIGGER hr.update_job_history
    AFTER UPDATE OF job_id, department_id ON hr.employees
    FOR EACH ROW
    WHEN (NEW.job_id <> OLD.job_id OR NEW.department_id <> OLD.department_id)
BEGIN
    add_job_history(:old.employee_id, :old.hire_date, SYSDATE, :old.job_id, :old.department_id);
END;
/

CREATE OR REPLACE TRIGGER sales.orders_bi_trg
    BEFORE INSERT ON sales.orders
    FOR EACH ROW
BEGIN
    IF :NEW.order_id IS NULL THEN
        SELECT sales.order_seq.NEXTVAL INTO :NEW.order_id FROM dual;
    END IF;
    :NEW.order_date := NVL(:NEW.order_date, SYSDATE);
END;
/

ALTER TRIGGER sales.orders_bi_trg ENABLE;
