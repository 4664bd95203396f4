"""Building blocks shared by every domain: schemas, services and error responses."""
