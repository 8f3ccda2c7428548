-- Up Migration
-- Staff who may open the admin dashboard. Passwords are scrypt hashes (never the password);
-- sessions live in Redis, not here. The admin app connects as cbc_admin, which may read and
-- maintain accounts and nothing else.
CREATE SCHEMA admin;
CREATE TABLE admin.staff_accounts (
  staff_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('viewer', 'operator', 'privacy_officer', 'admin')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz,
  disabled_at   timestamptz
);
CREATE UNIQUE INDEX staff_accounts_email_idx ON admin.staff_accounts (email);

GRANT USAGE ON SCHEMA admin TO cbc_admin;
GRANT SELECT, INSERT, UPDATE ON admin.staff_accounts TO cbc_admin;

-- Down Migration
DROP SCHEMA admin CASCADE;
