-- Deterministic sample data for legacy_shop (about 25,000 rows).
INSERT INTO shop.customers (email, full_name, country_code, created_at, is_active)
SELECT 'customer' || g || '@example.com', 'Customer ' || g, (ARRAY['US','DE','FR','JP','BR'])[1 + g % 5],
       timestamptz '2020-01-01 00:00:00+00' + g * interval '37 minutes 13.123456 seconds', g % 17 <> 0
FROM generate_series(1, 2000) g;

INSERT INTO shop.products (sku, title, unit_price, weight_kg, attributes)
SELECT 'SKU-' || lpad(g::text, 5, '0'), 'Product ' || g || ' – ünïcødé', round((g * 7.31)::numeric % 500, 2),
       CASE WHEN g % 9 = 0 THEN NULL ELSE g / 3.0 END, jsonb_build_object('color', (ARRAY['red','green','blue'])[1 + g % 3])
FROM generate_series(1, 300) g;

INSERT INTO shop.orders (customer_id, ordered_at, status, note)
SELECT 1 + g % 2000, timestamp '2023-01-01' + g * interval '11 minutes 7.654321 seconds',
       (ARRAY['NEW','PAID','SHIPPED','CANCELLED'])[1 + g % 4], CASE WHEN g % 5 = 0 THEN '' WHEN g % 7 = 0 THEN NULL ELSE 'note ' || g END
FROM generate_series(1, 6000) g;

INSERT INTO shop.order_lines (order_id, line_no, sku, quantity, unit_price)
SELECT o.order_id, n, 'SKU-' || lpad((1 + (o.order_id * n) % 300)::text, 5, '0'), 1 + (o.order_id + n) % 4,
       round(((1 + (o.order_id * n) % 300) * 7.31)::numeric % 500, 2)
FROM shop.orders o CROSS JOIN generate_series(1, 3) n;

SELECT setval('shop.invoice_no', 1234);
ANALYZE;
