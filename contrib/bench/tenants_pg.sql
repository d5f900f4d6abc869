-- Schema-per-tenant catalog for the scale measurements (docs/performance.md):
-- CALL bench_make_tenants(FIRST, LAST, ROWS) makes schemas tenant_FIRST ..
-- tenant_LAST of 10 tables of ROWS synthetic rows each, committing after
-- every schema.  Call it for ranges of a few hundred schemas from separate
-- sessions (contrib/bench/run does): one session that creates tens of
-- thousands of tables slows down as its own relation cache grows (2,000
-- schemas in one call took 3 min 45 s, 200 took 2.9 s).
CREATE OR REPLACE PROCEDURE bench_make_tenants(first int, last int, nrows int)
LANGUAGE plpgsql AS $$
DECLARE s text;
BEGIN
  FOR i IN first..last LOOP
    s := format('tenant_%s', lpad(i::text, 5, '0'));
    EXECUTE format('CREATE SCHEMA %I', s);
    EXECUTE format($f$
      CREATE TABLE %1$I.customers (id int PRIMARY KEY, email text, full_name text, phone text, birth_date date, created_at timestamp);
      CREATE TABLE %1$I.addresses (id int PRIMARY KEY, customer_id int REFERENCES %1$I.customers, street text, city text, postcode text, country text);
      CREATE TABLE %1$I.products (id int PRIMARY KEY, sku text, title text, price numeric);
      CREATE TABLE %1$I.orders (id int PRIMARY KEY, customer_id int REFERENCES %1$I.customers, placed_at timestamp, total numeric, status text);
      CREATE TABLE %1$I.order_items (id int PRIMARY KEY, order_id int REFERENCES %1$I.orders, product_id int REFERENCES %1$I.products, qty int, price numeric);
      CREATE TABLE %1$I.payments (id int PRIMARY KEY, order_id int REFERENCES %1$I.orders, card_last4 text, amount numeric, paid_at timestamp);
      CREATE TABLE %1$I.sessions (id int PRIMARY KEY, customer_id int REFERENCES %1$I.customers, ip_address text, user_agent text, started_at timestamp);
      CREATE TABLE %1$I.tickets (id int PRIMARY KEY, customer_id int REFERENCES %1$I.customers, subject text, body text, opened_at timestamp);
      CREATE TABLE %1$I.audit_log (id int PRIMARY KEY, actor_email text, action text, at timestamp);
      CREATE TABLE %1$I.settings (key text PRIMARY KEY, value text);
      INSERT INTO %1$I.customers SELECT g, 'user' || g || '.' || %2$s || '@example.com', 'Name ' || g, '+44 20 7946 ' || lpad((g * 7 %% 10000)::text, 4, '0'), date '1970-01-01' + g * 97, timestamp '2024-01-01' + g * interval '1 hour' FROM generate_series(1, %3$s) g;
      INSERT INTO %1$I.addresses SELECT g, g, g || ' High Street', 'City', 'SW1A ' || (g %% 9) || 'AA', 'GB' FROM generate_series(1, %3$s) g;
      INSERT INTO %1$I.products SELECT g, 'SKU-' || g, 'Product ' || g, g * 1.25 FROM generate_series(1, %3$s) g;
      INSERT INTO %1$I.orders SELECT g, g, timestamp '2024-02-01' + g * interval '1 hour', g * 3.5, 'paid' FROM generate_series(1, %3$s) g;
      INSERT INTO %1$I.order_items SELECT g, g, g, 1 + g %% 3, g * 1.25 FROM generate_series(1, %3$s) g;
      INSERT INTO %1$I.payments SELECT g, g, lpad((g * 13 %% 10000)::text, 4, '0'), g * 3.5, timestamp '2024-02-01' + g * interval '1 hour' FROM generate_series(1, %3$s) g;
      INSERT INTO %1$I.sessions SELECT g, g, '10.' || (g %% 250) || '.' || (g / 250) || '.7', 'Mozilla/5.0', timestamp '2024-03-01' + g * interval '1 minute' FROM generate_series(1, %3$s) g;
      INSERT INTO %1$I.tickets SELECT g, g, 'Question ' || g, 'Please help with order ' || g, timestamp '2024-04-01' + g * interval '1 hour' FROM generate_series(1, %3$s) g;
      INSERT INTO %1$I.audit_log SELECT g, 'admin' || (g %% 5) || '@example.com', 'login', timestamp '2024-01-01' + g * interval '1 minute' FROM generate_series(1, %3$s) g;
      INSERT INTO %1$I.settings SELECT 'k' || g, 'v' || g FROM generate_series(1, 10) g;
    $f$, s, i, nrows);
    COMMIT;
  END LOOP;
END $$;
