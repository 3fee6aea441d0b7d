--------------------------------------------------------
--  DDL for Views and Materialized Views
--------------------------------------------------------
SET DEFINE OFF
PROMPT Views

  CREATE OR REPLACE FORCE EDITIONABLE VIEW "HR"."EMP_DETAILS_VIEW" ("EMPLOYEE_ID", "JOB_ID", "MANAGER_ID", "DEPARTMENT_ID", "LOCATION_ID", "COUNTRY_ID", "FIRST_NAME", "LAST_NAME", "SALARY", "COMMISSION_PCT", "DEPARTMENT_NAME", "JOB_TITLE", "CITY", "STATE_PROVINCE", "COUNTRY_NAME", "REGION_NAME") AS
  SELECT
  e.employee_id,
  e.job_id,
  e.manager_id,
  e.department_id,
  d.location_id,
  l.country_id,
  e.first_name,
  e.last_name,
  e.salary,
  e.commission_pct,
  d.department_name,
  j.job_title,
  l.city,
  l.state_province,
  c.country_name,
  r.region_name
FROM
  hr.employees e,
  hr.departments d,
  hr.jobs j,
  hr.locations l,
  hr.countries c,
  hr.regions r
WHERE e.department_id = d.department_id
  AND d.location_id = l.location_id
  AND l.country_id = c.country_id
  AND c.region_id = r.region_id
  AND j.job_id = e.job_id
WITH READ ONLY;

-- outer join with the (+) operator: departments without a manager still show
CREATE OR REPLACE VIEW hr.dept_managers_v AS
SELECT d.department_id,
       d.department_name,
       NVL(m.first_name || ' ' || m.last_name, '(vacant)') AS manager_name,
       DECODE(d.location_id, 1700, 'HQ', 1800, 'Toronto', NULL, 'Unassigned', 'Field') AS site
  FROM hr.departments d, hr.employees m
 WHERE d.manager_id = m.employee_id (+);

-- the org chart, walked with CONNECT BY
CREATE OR REPLACE VIEW hr.org_chart_v AS
SELECT employee_id,
       manager_id,
       last_name,
       LEVEL AS depth
  FROM hr.employees
 START WITH manager_id IS NULL
CONNECT BY PRIOR employee_id = manager_id;

-- top earners, ROWNUM over an ordered inline view
CREATE OR REPLACE VIEW hr.top_earners_v AS
SELECT employee_id, last_name, salary
  FROM (SELECT employee_id, last_name, salary
          FROM hr.employees
         ORDER BY salary DESC)
 WHERE ROWNUM <= 10;

-- department roster, LISTAGG
CREATE OR REPLACE VIEW hr.dept_roster_v AS
SELECT department_id,
       COUNT(*) AS headcount,
       LISTAGG(last_name, ', ') WITHIN GROUP (ORDER BY last_name) AS members
  FROM hr.employees
 GROUP BY department_id;

-- tenure in days, SYSDATE arithmetic
CREATE OR REPLACE VIEW hr.emp_tenure_v AS
SELECT employee_id,
       hire_date,
       TRUNC(SYSDATE - hire_date) AS days_employed,
       ADD_MONTHS(hire_date, 12) AS first_review_due
  FROM hr.employees;

-- jobs never held in the history: MINUS
CREATE OR REPLACE VIEW hr.unfilled_jobs_v AS
SELECT job_id FROM hr.jobs
MINUS
SELECT job_id FROM hr.job_history;

-- a constant row from DUAL
CREATE OR REPLACE VIEW sales.fiscal_calendar_v AS
SELECT TRUNC(SYSDATE, 'YEAR') AS fiscal_year_start,
       ADD_MONTHS(TRUNC(SYSDATE, 'YEAR'), 12) - 1 AS fiscal_year_end,
       TO_CHAR(SYSDATE, 'YYYY') AS fiscal_year
  FROM dual;

CREATE OR REPLACE VIEW sales.customer_orders_v AS
SELECT c.customer_id,
       c.cust_name,
       NVL(SUM(o.order_total), 0) AS lifetime_value,
       COUNT(o.order_id) AS order_count,
       MAX(o.order_date) AS last_order_date,
       NVL2(c.email, 'Y', 'N') AS has_email
  FROM sales.customers c
  LEFT OUTER JOIN sales.orders o ON o.customer_id = c.customer_id
 GROUP BY c.customer_id, c.cust_name, c.email;

CREATE OR REPLACE VIEW sales.open_orders_v AS
SELECT o.order_id,
       o.order_date,
       o.customer_id,
       DECODE(o.order_status, 0, 'NEW', 1, 'PICKING', 2, 'SHIPPED', 'OTHER') AS status_text,
       SUBSTR(o.ship_note, 1, 50) AS ship_note_short
  FROM sales.orders o
 WHERE o.order_status < 2;

PROMPT Materialized views

CREATE MATERIALIZED VIEW sales.monthly_sales_mv
  BUILD IMMEDIATE
  REFRESH COMPLETE ON DEMAND
AS
SELECT TRUNC(o.order_date, 'MM') AS sales_month,
       o.sales_rep_id,
       SUM(i.unit_price * i.quantity) AS revenue,
       COUNT(DISTINCT o.order_id) AS orders
  FROM sales.orders o
  JOIN sales.order_items i ON i.order_id = o.order_id AND i.order_date = o.order_date
 GROUP BY TRUNC(o.order_date, 'MM'), o.sales_rep_id;

PROMPT Comments

COMMENT ON TABLE hr.employees IS 'Employee master: one row per person ever hired';
COMMENT ON COLUMN hr.employees.annual_pay IS 'Virtual: salary * 12 * (1 + commission)';
COMMENT ON COLUMN hr.employees.commission_pct IS 'Commission as a fraction; NULL for non-sales staff';
COMMENT ON TABLE sales.orders IS 'Customer orders, partitioned by year of ORDER_DATE';
COMMENT ON TABLE hr.payroll_stage IS 'Scratch rows for the payroll run; cleared on commit';
COMMENT ON MATERIALIZED VIEW sales.monthly_sales_mv IS 'Refreshed nightly by SALES.REFRESH_MV_JOB';
