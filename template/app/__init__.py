"""The application package: settings, database models, domains and the ASGI app."""
