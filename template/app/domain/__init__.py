"""One package per entity: schemas, repository, service and controller."""
