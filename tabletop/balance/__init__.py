"""A deck's balance, by play: many bot-vs-bot games simulated headlessly, their statistics and tables.

Reads the engine; imports no user-interface library.
"""
