"""The built-in users (entities.yml `auth`): admins manage them at /users; anyone signs in at /auth."""
