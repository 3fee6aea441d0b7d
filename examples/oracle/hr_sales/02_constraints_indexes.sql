--------------------------------------------------------
--  Constraints and indexes for HR and SALES
--  (SQL Developer writes these after all tables exist)
--------------------------------------------------------
SET DEFINE OFF

PROMPT Foreign keys

ALTER TABLE "HR"."COUNTRIES" ADD CONSTRAINT "COUNTR_REG_FK" FOREIGN KEY ("REGION_ID")
	  REFERENCES "HR"."REGIONS" ("REGION_ID") ENABLE;

ALTER TABLE hr.locations ADD CONSTRAINT loc_c_id_fk
    FOREIGN KEY (country_id) REFERENCES hr.countries (country_id);

ALTER TABLE hr.departments ADD CONSTRAINT dept_loc_fk
    FOREIGN KEY (location_id) REFERENCES hr.locations (location_id) ON DELETE SET NULL;

ALTER TABLE hr.departments ADD CONSTRAINT dept_mgr_fk
    FOREIGN KEY (manager_id) REFERENCES hr.employees (employee_id)
    DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE hr.employees ADD (
    CONSTRAINT emp_dept_fk FOREIGN KEY (department_id) REFERENCES hr.departments (department_id),
    CONSTRAINT emp_job_fk  FOREIGN KEY (job_id) REFERENCES hr.jobs (job_id),
    CONSTRAINT emp_manager_fk FOREIGN KEY (manager_id) REFERENCES hr.employees (employee_id)
);

ALTER TABLE hr.job_history ADD CONSTRAINT jhist_emp_fk
    FOREIGN KEY (employee_id) REFERENCES hr.employees (employee_id) ON DELETE CASCADE;

ALTER TABLE hr.job_history ADD CONSTRAINT jhist_job_fk
    FOREIGN KEY (job_id) REFERENCES hr.jobs (job_id);

ALTER TABLE hr.job_history ADD CONSTRAINT jhist_dept_fk
    FOREIGN KEY (department_id) REFERENCES hr.departments (department_id) ON DELETE SET NULL;

ALTER TABLE sales.customers ADD CONSTRAINT customers_mgr_fk
    FOREIGN KEY (account_mgr_id) REFERENCES hr.employees (employee_id) ON DELETE SET NULL;

ALTER TABLE sales.customers ADD CONSTRAINT customers_email_uk UNIQUE (email);

ALTER TABLE sales.orders ADD CONSTRAINT orders_customer_fk
    FOREIGN KEY (customer_id) REFERENCES sales.customers (customer_id);

ALTER TABLE sales.orders ADD CONSTRAINT orders_status_ck CHECK (order_status BETWEEN 0 AND 10);

ALTER TABLE sales.order_items ADD CONSTRAINT order_items_order_fk
    FOREIGN KEY (order_id, order_date) REFERENCES sales.orders (order_id, order_date) ON DELETE CASCADE;

ALTER TABLE sales.order_items ADD CONSTRAINT order_items_product_fk
    FOREIGN KEY (product_id) REFERENCES sales.products (product_id);

ALTER TABLE sales.price_history ADD CONSTRAINT price_history_product_fk
    FOREIGN KEY (product_id) REFERENCES sales.products (product_id) ON DELETE CASCADE;

PROMPT Indexes

CREATE INDEX "HR"."EMP_DEPARTMENT_IX" ON "HR"."EMPLOYEES" ("DEPARTMENT_ID")
  PCTFREE 10 INITRANS 2 MAXTRANS 255 COMPUTE STATISTICS
  TABLESPACE "USERS" ;

CREATE INDEX hr.emp_name_ix ON hr.employees (last_name, first_name);

CREATE INDEX hr.emp_upper_email_ix ON hr.employees (UPPER(email));

CREATE INDEX hr.emp_hire_desc_ix ON hr.employees (hire_date DESC, employee_id);

CREATE BITMAP INDEX sales.customers_status_bix ON sales.customers (status);

CREATE UNIQUE INDEX sales.customers_lower_name_uix ON sales.customers (LOWER(cust_name), customer_id);

CREATE INDEX sales.orders_customer_ix ON sales.orders (customer_id, order_date) LOCAL;

CREATE INDEX sales.order_items_product_ix ON sales.order_items (product_id);

CREATE INDEX sales.orders_trunc_date_ix ON sales.orders (TRUNC(order_date));
