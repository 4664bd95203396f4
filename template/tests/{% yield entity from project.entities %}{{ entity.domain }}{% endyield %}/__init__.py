"""API tests of one domain: the generated module, and yours beside it."""
