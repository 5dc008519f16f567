"""The web app and JSON API over the one curation function (`memories serve`)."""
