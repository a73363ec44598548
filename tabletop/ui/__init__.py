"""The full-screen Textual interface. It renders the engine's state and sends it actions."""
