"""The web app, the session WebSocket, session lifecycle, settings and the CLI."""
